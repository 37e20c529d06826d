/**
 * The guides cannot drift from the adapter's code: docs/adapter.md lists
 * exactly the options of `DashboardServerOptions` and the flags of
 * `dashkit serve`, and every `dashkit <command> --flag` written anywhere in
 * docs/ or the README is a flag that command takes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../server-adapter/bin/commands/serve.js';
import { triggers } from '../../server-adapter/bin/commands/triggers.js';
import { verify } from '../../server-adapter/bin/commands/verify.js';
import { ROOT } from '../../scripts/widgets-doc.js';

const ADAPTER_DOC = readFileSync(join(ROOT, 'docs', 'adapter.md'), 'utf8');
const COMMANDS = { serve, triggers, verify };

/** The first column of the table after `<!-- name -->`, without backticks and arguments. */
function tableNames(doc: string, marker: string): string[] {
  const at = doc.indexOf(`<!-- ${marker} -->`);
  expect(at, `docs/adapter.md has a <!-- ${marker} --> marker`).toBeGreaterThanOrEqual(0);
  const lines = doc.slice(at).split('\n').slice(1);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  const rows = table
    .slice(
      0,
      table.findIndex((l) => !l.startsWith('|')),
    )
    .slice(2);
  return rows.map((row) => /^\|\s*`([^`\s]+)/.exec(row)?.[1] ?? row);
}

/** Property names of an exported interface in a TypeScript file (two-space indented members). */
function interfaceMembers(file: string, name: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const start = source.indexOf(`export interface ${name} {`);
  expect(start, `${name} in ${file}`).toBeGreaterThanOrEqual(0);
  const body = source.slice(start, source.indexOf('\n}', start));
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]!);
}

/** `--flag` names a command's help lists. */
function flagsOf(usage: string): string[] {
  return [...new Set([...usage.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]!))].filter((f) => f !== 'help');
}

describe('docs/adapter.md', () => {
  it('lists every option of createDashboardServer, and no other', () => {
    const options = interfaceMembers('server-adapter/options.ts', 'DashboardServerOptions');
    expect(options.length).toBeGreaterThan(10);
    expect(tableNames(ADAPTER_DOC, 'adapter-options').sort()).toEqual([...options].sort());
  });

  it('lists every flag of dashkit serve, and no other', () => {
    const documented = tableNames(ADAPTER_DOC, 'adapter-flags').map((f) => f.replace(/^--/, ''));
    expect(documented.sort()).toEqual(flagsOf(serve.usage).sort());
  });
});

describe('dashkit commands in docs/ and README.md', () => {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];

  it.each(files)('%s uses only flags the commands take', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/\\\n\s*/g, ' ');
    const problems: string[] = [];
    for (const [line, command] of text.matchAll(/dashkit (serve|triggers|verify)\b[^\n]*/g)) {
      const known = flagsOf(COMMANDS[command as keyof typeof COMMANDS].usage);
      // Flags up to the end of the command line (or of an inline code span).
      const invocation = line.split('`')[0]!;
      for (const [, flag] of invocation.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)) {
        if (flag !== 'help' && !known.includes(flag!)) problems.push(`dashkit ${command} --${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('notices a flag that does not exist', () => {
    expect(flagsOf(serve.usage)).toContain('timezone');
    expect(flagsOf(serve.usage)).not.toContain('time-zone');
  });
});
