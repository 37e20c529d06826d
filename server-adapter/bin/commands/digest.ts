/**
 * `dashkit digest <id> [--to addr]... [--out file]`: sends one digest now, or
 * writes the file it would attach, outside its schedule. Takes `serve`'s
 * source, config and mail flags (and their DASHKIT_* variables), so the same
 * command line that serves the boards sends them.
 */
import { writeFile } from 'node:fs/promises';
import { parseServeArgs, USAGE as SERVE_USAGE } from '../serve/args.js';
import type { Command } from './command.js';

const USAGE = `Usage: dashkit digest <id> [--to <addr>]... [--out <file>] [serve options]

Send the digest <id> (from the config file's "digests") now, rendered with its
scope, to its recipients or to --to; or, with --out, write the file it would
attach (PDF, PNG or HTML, as its "format" says) and send nothing. Takes the
options of \`dashkit serve\` that say where the data, the config and the mail
server are: --database-url, --redis-url, --config, --timezone, --currency,
--locale, --smtp-url, --mail-from (and their DASHKIT_* variables).

Options:
  --to <addr>     send to this address instead of the digest's "to" (repeatable)
  --out <file>    write the rendered file here instead of mailing it
  -h, --help      show this help

Exits 0 when sent (or written), 1 when rendering or sending failed, 2 on bad usage.`;

const EMAIL = /^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$/;

interface DigestArgs {
  id: string;
  to: string[];
  out?: string;
  rest: string[];
}

/** Splits `dashkit digest`'s own arguments from `serve`'s; a message naming what is wrong. */
export function parseDigestArgs(argv: readonly string[]): DigestArgs | string {
  const to: string[] = [];
  const rest: string[] = [];
  let id: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const own = /^--(to|out)(?:=([\s\S]*))?$/.exec(arg);
    if (own) {
      const value = own[2] ?? argv[++i];
      if (value === undefined || value === '' || value.startsWith('--')) return `--${own[1]}: expected a value`;
      if (own[1] === 'to') {
        if (!EMAIL.test(value))
          return `--to: expected an e-mail address such as ops@example.com, got ${JSON.stringify(value)}`;
        to.push(value);
      } else {
        if (out !== undefined) return '--out: given more than once';
        out = value;
      }
      continue;
    }
    if (i === 0 && !arg.startsWith('-')) {
      id = arg;
      continue;
    }
    rest.push(arg);
  }
  if (id === undefined) return 'expected the id of a digest first';
  if (out !== undefined && to.length) return '--to and --out: give one of them (--out sends nothing)';
  return { id, to, ...(out !== undefined ? { out } : {}), rest };
}

export const digest: Command = {
  name: 'digest',
  summary: 'Send a digest (a board by mail) now, or write the file it attaches',
  usage: USAGE,
  async run(argv) {
    const args = parseDigestArgs(argv);
    if (typeof args === 'string') {
      process.stderr.write(`dashkit digest: ${args}\n\n${USAGE}\n`);
      return 2;
    }
    const parsed = parseServeArgs(args.rest, process.env);
    if (!parsed.ok) {
      process.stderr.write(`dashkit digest: ${parsed.error}\n\n${USAGE}\n\n${SERVE_USAGE}\n`);
      return 2;
    }
    const config = parsed.config;
    if (!args.out && !config.smtpUrl) {
      process.stderr.write('dashkit digest: no mail server: pass --smtp-url and --mail-from (or --out <file>)\n');
      return 2;
    }
    const { loadDrivers, serverOptions } = await import('../serve/start.js');
    const { createDashboardServer } = await import('../../server.js');
    const { UnknownDigestError } = await import('../../digests/digests.js');
    try {
      await loadDrivers(config);
    } catch (error) {
      process.stderr.write(`dashkit digest: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    const demoSource =
      !config.databaseUrl && config.demo
        ? await (await import('../../sources/pglite.js')).createPgliteSource()
        : undefined;
    const server = createDashboardServer({ ...serverOptions(config, demoSource), scheduleDigests: false });
    try {
      await server.ready;
      if (args.out) {
        const file = await server.renderDigest(args.id);
        await writeFile(args.out, file.body);
        process.stdout.write(
          `dashkit digest: wrote ${args.out} (${file.contentType}, ${file.body.byteLength} bytes)\n`,
        );
      } else {
        const messageId = await server.sendDigest(args.id, args.to.length ? args.to : undefined);
        process.stdout.write(`dashkit digest: sent ${args.id} (${messageId})\n`);
      }
      return 0;
    } catch (error) {
      process.stderr.write(`dashkit digest: ${error instanceof Error ? error.message : String(error)}\n`);
      return error instanceof UnknownDigestError ? 2 : 1;
    } finally {
      await server.close();
      await demoSource?.close();
    }
  },
};
