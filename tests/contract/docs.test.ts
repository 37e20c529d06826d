/**
 * docs/contract.md is part of the contract: every request example must parse
 * with its endpoint's parameter schema (or be rejected exactly as the
 * problem that follows it says), and every response example must validate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as contract from '../../src/contract/index.js';
import { ENDPOINTS, EXPORT_REPORTS, parseQuery, type EndpointName } from '../../src/contract/index.js';

const doc = readFileSync(new URL('../../docs/contract.md', import.meta.url), 'utf8');

interface Example {
  kind: 'request' | 'response' | 'request-body';
  name: string;
  body: string;
  line: number;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const re = /<!-- (request|response|request-body): (\w+) -->\s*\n```\w*\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    out.push({ kind: m[1] as Example['kind'], name: m[2]!, body: m[3]!, line });
  }
  return out;
}

type Parsable = { safeParse(v: unknown): { success: boolean; error?: unknown } };
const schemas = contract as unknown as Record<string, Parsable | undefined>;

function paramsFor(name: string): Parsable {
  if (name === 'export') return ENDPOINTS.aging.params;
  const endpoint = ENDPOINTS[name as EndpointName];
  if (!endpoint) throw new Error(`unknown endpoint in example: ${name}`);
  return endpoint.params;
}

function queryOf(request: string): URLSearchParams {
  const [method, target] = request.trim().split(/\s+/);
  expect(method).toBe('GET');
  return new URL(target!, 'http://example.test').searchParams;
}

const all = examples(doc);

describe('docs/contract.md', () => {
  it('has examples for every endpoint', () => {
    const requested = new Set(all.filter((e) => e.kind === 'request').map((e) => e.name));
    const answered = new Set(all.filter((e) => e.kind === 'response').map((e) => e.name));
    for (const name of Object.keys(ENDPOINTS)) expect(requested, `request example for ${name}`).toContain(name);
    for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
      const responseName = Object.entries(schemas).find(([, s]) => s === endpoint.response)?.[0];
      expect(answered, `response example for ${name}`).toContain(responseName);
    }
    expect(all.length).toBeGreaterThan(20);
  });

  it('lists every exportable report', () => {
    for (const report of EXPORT_REPORTS) expect(doc).toContain(`\`${report}\``);
  });

  all.forEach((example, i) => {
    it(`${example.kind} ${example.name} (line ${example.line}) is valid`, () => {
      if (example.kind === 'request') {
        const result = parseQuery(paramsFor(example.name) as never, queryOf(example.body));
        const next = all[i + 1];
        if (next?.kind === 'response' && next.name === 'Problem') {
          const problem = JSON.parse(next.body) as contract.Problem;
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.errors).toEqual(problem.errors);
        } else {
          expect(result).toMatchObject({ ok: true });
        }
        return;
      }
      const schema = schemas[example.name];
      expect(schema, `schema ${example.name} is exported from dashkitjs/contract`).toBeDefined();
      const result = schema!.safeParse(JSON.parse(example.body));
      expect(result.error).toBeUndefined();
      expect(result.success).toBe(true);
    });
  });
});

describe('the schemas reject wrong examples', () => {
  const series = all.find((e) => e.name === 'SeriesResponse')!;
  const stats = all.find((e) => e.name === 'StatsResponse')!;
  const aging = all.find((e) => e.name === 'AgingResponse')!;

  it('rejects a series point without t', () => {
    const body = JSON.parse(series.body);
    delete body.series[0].points[1].t;
    expect(contract.SeriesResponse.safeParse(body).success).toBe(false);
  });

  it('rejects a point dated outside the calendar', () => {
    const body = JSON.parse(series.body);
    body.series[0].points[0].t = '2026-02-30';
    expect(contract.SeriesResponse.safeParse(body).success).toBe(false);
  });

  it('rejects money that is not a decimal', () => {
    const body = JSON.parse(stats.body);
    body.stats[0].value = '1,234.50';
    expect(contract.StatsResponse.safeParse(body).success).toBe(false);
  });

  it('rejects a response without its cache block', () => {
    const body = JSON.parse(stats.body);
    delete body.cache;
    expect(contract.StatsResponse.safeParse(body).success).toBe(false);
  });

  it('rejects an unknown granularity and a timestamp without offset', () => {
    const body = JSON.parse(series.body);
    expect(contract.SeriesResponse.safeParse({ ...body, granularity: 'hour' }).success).toBe(false);
    expect(contract.SeriesResponse.safeParse({ ...body, generatedAt: '2026-04-01T08:00:00' }).success).toBe(false);
  });

  it('rejects aging without paging fields', () => {
    const body = JSON.parse(aging.body);
    delete body.total;
    expect(contract.AgingResponse.safeParse(body).success).toBe(false);
  });

  it('accepts additions (fields are normative, additions welcome)', () => {
    const body = JSON.parse(stats.body);
    body.extra = { anything: true };
    expect(contract.StatsResponse.safeParse(body).success).toBe(true);
  });
});
