/**
 * How checks run and what they leave: one row per endpoint × check with
 * pass, fail or skip and the first failure's detail. A check records every
 * failed expectation and goes on (so one run names them all), or aborts
 * when what follows cannot be judged.
 */
import { ENDPOINTS, Problem, type EndpointName } from '../../../src/contract/index.js';
import { Client, type HttpResult, type Query, RequestError } from './client.js';

export type Status = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Contract path, e.g. `v1/stats`. */
  endpoint: string;
  check: string;
  status: Status;
  /** The first failure (or why skipped, or what passed). */
  detail: string;
  /** Every failure, in order (at most MAX_FAILURES). */
  failures: string[];
}

/** Failures kept per row: enough to see a pattern, few enough to read. */
const MAX_FAILURES = 20;

class Abort extends Error {}
class Skip extends Error {}

/** What a check body can do. */
export interface Check {
  /** Record a failure and go on. */
  fail(message: string): void;
  /** Record a failure unless `ok`; returns `ok`. */
  expect(ok: boolean, message: string | (() => string)): boolean;
  /** Record a failure and stop this check. */
  abort(message: string): never;
  /** Stop this check as not applicable. */
  skip(reason: string): never;
  /** Something that passed, for the detail column. */
  note(message: string): void;
}

interface Row extends CheckResult {
  notes: string[];
}

/** Formats the first zod issue as `path: message`. */
export function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return `${path || '(body)'}: ${issue.message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`;
}

export function describeResponse(r: HttpResult): string {
  const problem = Problem.safeParse(r.json);
  const detail = problem.success ? (problem.data.detail ?? problem.data.title) : r.text.slice(0, 120);
  return `${r.status}${detail ? ` (${detail})` : ''}`;
}

export class Runner {
  readonly #rows = new Map<string, Row>();
  readonly #order: string[];

  constructor(
    readonly client: Client,
    endpointOrder: readonly string[],
  ) {
    this.#order = [...endpointOrder];
  }

  #row(endpoint: string, check: string): Row {
    const key = `${endpoint}\u0000${check}`;
    let row = this.#rows.get(key);
    if (!row) {
      row = { endpoint, check, status: 'pass', detail: '', failures: [], notes: [] };
      this.#rows.set(key, row);
    }
    return row;
  }

  #context(row: Row): Check {
    const fail = (message: string) => {
      row.status = 'fail';
      if (row.failures.length < MAX_FAILURES) row.failures.push(message);
    };
    return {
      fail,
      expect(ok, message) {
        if (!ok) fail(typeof message === 'function' ? message() : message);
        return ok;
      },
      abort(message) {
        fail(message);
        throw new Abort(message);
      },
      skip(reason) {
        throw new Skip(reason);
      },
      note(message) {
        row.notes.push(message);
      },
    };
  }

  /** Runs one check; a thrown RequestError or bug fails the row instead of the run. */
  async run(endpoint: string, check: string, body: (t: Check) => Promise<void>): Promise<void> {
    const row = this.#row(endpoint, check);
    const t = this.#context(row);
    try {
      await body(t);
    } catch (error) {
      if (error instanceof Skip) {
        if (row.status === 'pass') {
          row.status = 'skip';
          row.detail = error.message;
        }
      } else if (!(error instanceof Abort)) {
        t.fail(error instanceof RequestError ? error.message : `checker error: ${(error as Error).stack ?? error}`);
      }
    }
  }

  /** Marks a row skipped without running anything. */
  skip(endpoint: string, check: string, reason: string): void {
    const row = this.#row(endpoint, check);
    row.status = 'skip';
    row.detail = reason;
  }

  /**
   * GET a JSON endpoint with valid parameters: expects 200, a JSON content
   * type and a body matching the endpoint's schema, and tallies the outcome
   * in the endpoint's `schema` row. Aborts `t` when the body cannot be used.
   */
  async valid<T>(t: Check, name: EndpointName, query: Query = {}, path?: string): Promise<T> {
    const def = ENDPOINTS[name];
    const schema = this.#row(def.path, 'schema');
    const r = await this.client.get(path ?? def.path, query);
    const fail = (message: string): never => {
      schema.status = 'fail';
      if (schema.failures.length < MAX_FAILURES) schema.failures.push(message);
      return t.abort(message);
    };
    if (r.status !== 200) fail(`GET ${r.url} → ${describeResponse(r)}, expected 200`);
    const type = r.headers.get('content-type') ?? '';
    if (!/^application\/json\b/i.test(type))
      fail(`GET ${r.url}: content-type ${JSON.stringify(type)}, expected application/json`);
    if (r.json === undefined) fail(`GET ${r.url}: the body is not JSON`);
    const parsed = def.response.safeParse(r.json);
    if (!parsed.success) fail(`GET ${r.url}: ${firstIssue(parsed.error.issues)}`);
    // What a schema cannot say: a failed refresh serves kept data, so it is stale too (widgets alarm on it alone).
    const cache = (parsed.data as { cache?: { stale: boolean; refreshFailed?: boolean } }).cache;
    if (cache?.refreshFailed === true && !cache.stale)
      fail(`GET ${r.url}: cache.refreshFailed is true but cache.stale is false (a failed refresh serves stale data)`);
    schema.notes.push(r.url);
    return parsed.data as T;
  }

  /** The rows in endpoint order, `schema` first within each endpoint. */
  results(): CheckResult[] {
    const rank = (endpoint: string) => {
      const i = this.#order.indexOf(endpoint);
      return i < 0 ? this.#order.length : i;
    };
    const rows = [...this.#rows.values()];
    const position = new Map(rows.map((r, i) => [r, i]));
    rows.sort(
      (a, b) =>
        rank(a.endpoint) - rank(b.endpoint) ||
        Number(b.check === 'schema') - Number(a.check === 'schema') ||
        (position.get(a) ?? 0) - (position.get(b) ?? 0),
    );
    return rows.map(({ notes, ...row }) => {
      let detail = row.detail;
      if (row.status === 'fail') detail = row.failures[0] ?? 'failed';
      else if (row.status === 'pass') {
        detail =
          row.check === 'schema'
            ? `${notes.length} response${notes.length === 1 ? '' : 's'} valid`
            : (notes[notes.length - 1] ?? '');
      }
      return { ...row, detail };
    });
  }
}
