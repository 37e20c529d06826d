/**
 * `dashkit` command line: help, dispatch and exit codes (0 ok, 1 failure,
 * 2 bad usage). Runs server-adapter/bin/cli.ts through tsx, so no build is needed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function dashkit(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server-adapter/bin/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Each test starts tsx: seconds apiece on a busy two-core machine, so the default 5 s is too short.
describe.concurrent('dashkit', { timeout: 60_000 }, () => {
  it('--help lists every command and exits 0', async () => {
    const r = await dashkit('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: dashkit <command> \[options\]/);
    for (const name of ['serve', 'verify', 'triggers', 'doctor'])
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('with no command prints help to stderr and exits 2', async () => {
    const r = await dashkit();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: dashkit <command>');
  });

  it('rejects an unknown command with exit 2, naming it', async () => {
    const r = await dashkit('serv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dashkit: unknown command "serv"');
    expect(r.stderr).toContain('verify');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    const r = await dashkit('--version');
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([
    ['verify', 'Usage: dashkit verify <base-url>'],
    ['triggers', 'Usage: dashkit triggers --database-url <url> [--schema <name>] [--drop] [--sql]'],
    ['serve', 'dashkit serve'],
    ['doctor', 'Usage: dashkit doctor --database-url <url> [--config <file>]'],
  ])('%s --help prints its usage and exits 0', async (command, usage) => {
    const r = await dashkit(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(usage);
    expect(r.stderr).toBe('');
  });

  it('verify without a base URL is a usage error', async () => {
    const r = await dashkit('verify');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected one <base-url>, got 0');
  });

  it('triggers names an unknown option', async () => {
    const r = await dashkit('triggers', '--database-url', 'postgres://x', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'--bogus'");
  });

  it('triggers without a database URL is a usage error', async () => {
    const r = await dashkit('triggers');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--database-url (or DATABASE_URL) is required');
  });

  // The checker itself is tested in server-adapter/bin/verify/; here only its exit codes.
  it('verify exits 1 when the backend cannot be reached', async () => {
    const r = await dashkit('verify', 'http://127.0.0.1:9/dashboard/api');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^dashkit verify: cannot reach the backend: GET http:\/\/127\.0\.0\.1:9\/dashboard\/api\/v1\/meta: ECONNREFUSED/,
    );
  });

  it('verify refuses a bad --timeout or --header with exit 2', async () => {
    const [timeout, header] = await Promise.all([
      dashkit('verify', 'http://127.0.0.1:9', '--timeout', 'soon'),
      dashkit('verify', 'http://127.0.0.1:9', '--header', 'no colon'),
    ]);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout: expected seconds between 0 and 600, got "soon"');
    expect(header.code).toBe(2);
    expect(header.stderr).toContain(`--header: expected 'Name: value', got "no colon"`);
  });

  it('verify wants --customer-token twice, with two different tokens', async () => {
    for (const args of [
      ['--customer-token', 'a'],
      ['--customer-token', 'a', '--customer-token', 'a'],
    ]) {
      const r = await dashkit('verify', 'http://127.0.0.1:9', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^dashkit verify: --customer-token: give it twice, with the tokens of two different customers/,
      );
    }
  });

  it('triggers exits 1 naming the failure when the database cannot be reached', async () => {
    const r = await dashkit('triggers', '--database-url=postgres://127.0.0.1:9/none');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^dashkit triggers: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain('not implemented');
  });

  it('triggers refuses an empty --schema', async () => {
    const r = await dashkit('triggers', '--database-url=postgres://127.0.0.1:9/none', '--schema=');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--schema: expected a schema name');
  });
});
