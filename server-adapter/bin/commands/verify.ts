/**
 * `dashkit verify <base-url>`: the conformance checker. Calls every endpoint
 * of a running backend, in any language, with valid and invalid parameters
 * and reports per endpoint whether the responses match contract v1.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command.js';

const USAGE = `Usage: dashkit verify <base-url> [--json] [--timeout <seconds>] [--header 'Name: value']...
                      [--customer-token <token> --customer-token <token>]

Check that a running backend serves dashkit contract v1: call every endpoint
with valid parameters (taken from its v1/meta) and a table of invalid ones,
validate every response against the contract schemas, and check what a schema
cannot: gap-filled series, stats agreeing with series, aging totals adding
up over all pages, paging and sort order, 400 problem+json naming each bad
parameter, 404 for unknown paths, ETag and 304. A period whose total is not
the sum of its chart points names the likely cause (a time column without a
time zone). Given the tokens of two different customers, also checks that
neither sees the other's rows (aging, breakdown, segments, drill-down) nor
shop-wide reports such as low-stock. Prints a table of endpoint × check.
Exits 0 when every check passes, 1 when any fails, 2 on bad usage.

Arguments:
  <base-url>            where the backend mounts the contract, without the
                        trailing /v1 (e.g. http://localhost:8080/dashboard/api)

Options:
  --json                print the report as JSON instead of a table
  --timeout <seconds>   per-request timeout (default 10)
  --header 'Name: value'
                        send this header with every request (repeatable),
                        e.g. --header 'Authorization: Bearer <token>' (a staff token)
  --customer-token <token>
                        give it twice, the tokens of two different customers:
                        adds the scope-leak checks
  -h, --help            show this help`;

interface Args {
  baseUrl: URL;
  json: boolean;
  timeoutMs: number;
  headers: Record<string, string>;
  customerTokens?: readonly [string, string];
}

/** The command line; throws a message naming what is wrong. */
function parse(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      'customer-token': { type: 'string', multiple: true, default: [] },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error(`expected one <base-url>, got ${positionals.length}`);
  const raw = positionals[0] ?? '';
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new Error(`<base-url>: expected an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  let timeoutMs = 10_000;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || !(seconds > 0) || seconds > 600) {
      throw new Error(`--timeout: expected seconds between 0 and 600, got ${JSON.stringify(values.timeout)}`);
    }
    timeoutMs = seconds * 1000;
  }
  const headers: Record<string, string> = {};
  for (const h of values.header) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(h);
    if (!m) throw new Error(`--header: expected 'Name: value', got ${JSON.stringify(h)}`);
    headers[m[1]!.toLowerCase()] = m[2]!;
  }
  const tokens = values['customer-token'];
  if (tokens.length !== 0 && (tokens.length !== 2 || tokens[0] === tokens[1] || tokens.some((t) => t.trim() === ''))) {
    throw new Error('--customer-token: give it twice, with the tokens of two different customers');
  }
  return {
    baseUrl: new URL(raw),
    json: values.json,
    timeoutMs,
    headers,
    ...(tokens.length === 2 ? { customerTokens: [tokens[0]!, tokens[1]!] as const } : {}),
  };
}

export const verify: Command = {
  name: 'verify',
  summary: 'Check that a backend at <base-url> conforms to the contract',
  usage: USAGE,
  async run(argv) {
    let args: Args;
    try {
      args = parse(argv);
    } catch (error) {
      process.stderr.write(`dashkit verify: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const { verifyBackend, formatJson, formatTable, RequestError } = await import('../verify/index.js');
    const { Client } = await import('../verify/client.js');
    // One request first: an unreachable backend is one clear line, not a table of failures.
    const probe = new Client({ baseUrl: args.baseUrl, headers: args.headers, timeoutMs: args.timeoutMs });
    try {
      await probe.get('v1/meta');
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      process.stderr.write(`dashkit verify: cannot reach the backend: ${error.message}\n`);
      return 1;
    } finally {
      probe.close();
    }
    const report = await verifyBackend({
      baseUrl: args.baseUrl,
      headers: args.headers,
      timeoutMs: args.timeoutMs,
      ...(args.customerTokens ? { customerTokens: args.customerTokens } : {}),
    });
    process.stdout.write(`${args.json ? formatJson(report) : formatTable(report)}\n`);
    return report.ok ? 0 : 1;
  },
};
