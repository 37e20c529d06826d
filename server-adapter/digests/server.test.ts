/**
 * Digests in the assembled server: the options' and config's digests checked
 * at start (a bad one fails `ready` naming the field), `v1/status` listing
 * them with their next slot, last send and last error, and the command line
 * of `dashkit digest` and `serve`'s mail flags.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StatusResponse, type Board } from '../../src/contract/index.js';
import { createFakeEngine } from '../../tests/support/fake-engine.js';
import { startSmtp } from '../../tests/support/smtp.js';
import { parseDigestArgs } from '../bin/commands/digest.js';
import { parseServeArgs } from '../bin/serve/args.js';
import type { Logger } from '../logger.js';
import type { DashboardServerOptions } from '../options.js';
import { createDashboardServer, type DashboardServer } from '../server.js';

const QUIET: Logger = { info() {}, warn() {}, error() {} };
const NOW = new Date('2026-12-07T06:00:00Z');
const BOARDS: Record<string, Board> = {
  daily: { title: 'Daily sales', range: 'today', widgets: [{ type: 'stat-card', metric: 'revenue' }] },
};
const DAILY = { id: 'daily', board: 'daily', schedule: '0 8 * * *', to: ['ops@example.com'] };

const open: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function server(options: Partial<DashboardServerOptions>): DashboardServer {
  const s = createDashboardServer({
    engine: createFakeEngine(),
    now: () => NOW,
    logger: QUIET,
    timezone: 'Europe/Berlin',
    boards: BOARDS,
    ...options,
  });
  open.push(s);
  return s;
}

async function status(s: DashboardServer) {
  const response = await s.fetch(new Request('http://localhost/v1/status'));
  expect(response.status).toBe(200);
  return StatusResponse.parse(await response.json());
}

describe('digests in the server', () => {
  it('a bad digest fails the start, naming the field', async () => {
    const s = server({ digests: [{ ...DAILY, schedule: 'every morning' }] });
    await expect(s.ready).rejects.toThrow(/^digests\[0\]\.schedule: expected a five-field cron expression/);
    const s2 = server({ digests: [{ ...DAILY, board: 'weekly' }] });
    await expect(s2.ready).rejects.toThrow('digests[0].board: no board "weekly"; boards: daily');
    const s3 = server({ digests: [DAILY], smtpUrl: 'smtp://127.0.0.1:1' });
    await expect(s3.ready).rejects.toThrow(/^mailFrom: required with smtpUrl/);
  });

  it('v1/status lists each digest with its next slot in its time zone, and why it cannot send', async () => {
    const s = server({ digests: [DAILY, { ...DAILY, id: 'tehran', timezone: 'Asia/Tehran' }] });
    const body = await status(s);
    expect(body.digests).toEqual([
      {
        id: 'daily',
        board: 'daily',
        schedule: '0 8 * * *',
        timezone: 'Europe/Berlin',
        lastSentAt: null,
        nextAt: '2026-12-07T07:00:00.000Z',
        lastError: { at: NOW.toISOString(), message: 'no SMTP server configured (--smtp-url)' },
      },
      expect.objectContaining({ id: 'tehran', timezone: 'Asia/Tehran', nextAt: '2026-12-08T04:30:00.000Z' }),
    ]);
  });

  it('a server without digests leaves them out of v1/status', async () => {
    expect((await status(server({}))).digests).toBeUndefined();
  });

  it('shows a failed send in v1/status', async () => {
    const smtp = await startSmtp({ failFirst: 100 });
    try {
      const s = server({
        digests: [DAILY],
        smtpUrl: smtp.url,
        mailFrom: 'reports@example.com',
        scheduleDigests: false,
      });
      await s.ready;
      await expect(s.sendDigest('nope')).rejects.toThrow('no digest "nope"; digests: daily');
    } finally {
      await smtp.close();
    }
  });
});

describe('the command line', () => {
  it('dashkit digest: the id first, --to repeatable, --out, the rest for serve', () => {
    expect(parseDigestArgs(['daily', '--to', 'a@example.com', '--to=b@example.com', '--config', 'c.json'])).toEqual({
      id: 'daily',
      to: ['a@example.com', 'b@example.com'],
      rest: ['--config', 'c.json'],
    });
    expect(parseDigestArgs(['daily', '--out', 'd.pdf', '--no-demo'])).toEqual({
      id: 'daily',
      to: [],
      out: 'd.pdf',
      rest: ['--no-demo'],
    });
    expect(parseDigestArgs(['--config', 'c.json', 'daily'])).toBe('expected the id of a digest first');
    expect(parseDigestArgs(['daily', '--to', 'nobody'])).toMatch(/^--to: expected an e-mail address/);
    expect(parseDigestArgs(['daily', '--to', 'a@example.com', '--out', 'x.pdf'])).toMatch(/give one of them/);
  });

  it('serve: --smtp-url and --mail-from, or DASHKIT_SMTP_URL and DASHKIT_MAIL_FROM', () => {
    const flags = parseServeArgs(['--smtp-url', 'smtp://mail:2525', '--mail-from', 'Dash <r@example.com>'], {});
    expect(flags.ok && flags.config).toMatchObject({ smtpUrl: 'smtp://mail:2525', mailFrom: 'Dash <r@example.com>' });
    const env = parseServeArgs([], { DASHKIT_SMTP_URL: 'smtps://u:p@mail:465', DASHKIT_MAIL_FROM: 'r@example.com' });
    expect(env.ok && env.config).toMatchObject({ smtpUrl: 'smtps://u:p@mail:465', mailFrom: 'r@example.com' });
    expect(parseServeArgs(['--smtp-url', 'http://mail'], {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^--smtp-url: expected a URL such as smtp:/),
    });
    expect(parseServeArgs(['--smtp-url', 'smtp://mail'], {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^--smtp-url: needs --mail-from/),
    });
    expect(parseServeArgs(['--mail-from', 'nobody'], {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^--mail-from: expected an address/),
    });
  });
});
