#!/usr/bin/env node
/**
 * `dashkit <command> [options]`: the package's executable (dist/cli.js).
 * Each command lives in commands/<name>.ts and is loaded only when needed,
 * so `dashkit verify` never pays for the database drivers `serve` imports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';
import type { Command } from './commands/command.js';

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: () => import('./commands/serve.js').then((m) => m.serve),
  verify: () => import('./commands/verify.js').then((m) => m.verify),
  triggers: () => import('./commands/triggers.js').then((m) => m.triggers),
  doctor: () => import('./commands/doctor.js').then((m) => m.doctor),
  digest: () => import('./commands/digest.js').then((m) => m.digest),
};

/** Exit code for a command line we cannot make sense of (as getopt and friends use). */
const EXIT_USAGE = 2;

function version(): string {
  const root = packageRoot();
  if (!root) return 'unknown';
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: dashkit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    "  -h, --help     show this help, or a command's with `dashkit <command> --help`",
    '  -v, --version  print the dashkit version',
  ].join('\n');
}

/** True when `--help`/`-h` appears before a `--` that ends the options. */
function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** Run the CLI with `argv` (without node and the script path); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(`${await help()}\n`);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(`${await help()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!load) {
    process.stderr.write(`dashkit: unknown command ${JSON.stringify(first)}\n\n${await help()}\n`);
    return EXIT_USAGE;
  }
  const command = await load();
  if (wantsHelp(rest)) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

// Not a top-level await: a command's lazily loaded chunk may share modules with this entry
// (package-root.ts), and importing a module still awaiting at top level would deadlock.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dashkit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
