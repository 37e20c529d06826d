/**
 * `dashkit verify <base-url>`: the conformance checker. Calls every endpoint
 * of a running backend, in any language, with valid and invalid parameters
 * and reports per endpoint whether the responses match contract v1.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command.js';

const USAGE = `Usage: dashkit verify <base-url>

Check that a running backend serves dashkit contract v1: call every endpoint
with valid and invalid parameters and report, per endpoint, whether the
responses match the contract. Exits 0 when every endpoint conforms, else 1.

Arguments:
  <base-url>   where the backend mounts the contract, without the trailing
               /v1 (e.g. http://localhost:8080/dashboard/api)

Options:
  -h, --help   show this help`;

/** The base URL from the command line; throws a message naming what is wrong. */
function parse(argv: string[]): URL {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new Error(`expected one <base-url>, got ${positionals.length}`);
  const raw = positionals[0] ?? '';
  if (!URL.canParse(raw)) throw new Error(`<base-url>: expected an absolute URL, got ${JSON.stringify(raw)}`);
  return new URL(raw);
}

export const verify: Command = {
  name: 'verify',
  summary: 'Check that a backend at <base-url> conforms to the contract',
  usage: USAGE,
  async run(argv) {
    try {
      parse(argv);
    } catch (error) {
      process.stderr.write(`dashkit verify: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write('dashkit verify: not implemented yet\n');
    return 1;
  },
};
