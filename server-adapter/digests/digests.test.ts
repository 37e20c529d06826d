/**
 * Digests end to end below the server: config checks, cron slots in the
 * digest's time zone (DST included), mails delivered to a REAL local SMTP
 * server and parsed, one send per slot across two instances sharing Redis,
 * and retries when the SMTP server refuses first.
 *
 * The board is rendered by a small render function of the renderer's type
 * (an HTML page with a chart as inline SVG, and a PDF-marked file): what is
 * under test here is what the digest does with a render, not the renderer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../src/contract/index.js';
import { redisTarget } from '../cache/store.suite.js';
import type { Logger } from '../logger.js';
import { startSmtp, type TestSmtp } from '../../tests/support/smtp.js';
import type { RenderFn } from './compose.js';
import { declaredDigests, nextSlot } from './config.js';
import { createDigests, type DigestsOptions } from './digests.js';
import { createMailer } from './mail.js';
import { rasterizeSvg } from './rasterize.js';
import { createMemoryDigestStore, createRedisDigestStore, type DigestStore } from './store.js';

const redis = await redisTarget();

const BOARD: Board = {
  id: 'daily',
  title: 'Daily sales',
  range: 'yesterday' as Board['range'],
  widgets: [
    { type: 'stat-card', metric: 'revenue' },
    { type: 'chart', metrics: 'revenue' },
  ],
};
const boards = new Map([['daily', BOARD]]);

const CHART_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" aria-label="Revenue by day"><rect x="10" y="10" width="80" height="100" fill="#2563eb"/><text x="120" y="60" font-size="14">Revenue</text></svg>';

/** A card's sparkline as the renderer draws it: decorative, styled by the page's CSS. */
const TREND_SVG =
  '<svg class="trend" viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true"><polyline points="0,30 50,10 100,20"/></svg>';

/** Renders as the renderer's types say: HTML with the KPI as text and the chart as SVG, or a marked file. */
const render: RenderFn = async (board, options) => {
  const who = Object.values(options.scope.filters).join(',') || 'all';
  if (options.format === 'html') {
    const html = `<!doctype html><html><head><style>.kpi{font-size:20px}</style></head><body><h1>${board.title}</h1><p class="kpi">Revenue: €12,345.60 (${who})</p>${TREND_SVG}${CHART_SVG}</body></html>`;
    return { body: new TextEncoder().encode(html), contentType: 'text/html; charset=utf-8', filename: 'daily.html' };
  }
  return {
    body: new TextEncoder().encode(`%${options.format.toUpperCase()} ${board.title} ${who}`),
    contentType: options.format === 'pdf' ? 'application/pdf' : 'image/png',
    filename: `daily.${options.format}`,
  };
};

const quiet = (): Logger & { lines: [string, string, Record<string, unknown> | undefined][] } => {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  return {
    lines,
    info: (m, f) => lines.push(['info', m, f]),
    warn: (m, f) => lines.push(['warn', m, f]),
    error: (m, f) => lines.push(['error', m, f]),
  } as Logger & { lines: typeof lines };
};

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function digestsOf(
  smtp: TestSmtp | undefined,
  store: DigestStore,
  overrides: Partial<DigestsOptions> & { raw?: unknown[]; retryDelaysMs?: number[] } = {},
) {
  const mailer = smtp
    ? createMailer({
        smtpUrl: smtp.url,
        from: 'Dashboards <reports@example.com>',
        retryDelaysMs: overrides.retryDelaysMs ?? [],
      })
    : undefined;
  const digests = createDigests({
    digests: declaredDigests(
      overrides.raw ?? [
        { id: 'daily', board: 'daily', schedule: '0 8 * * *', to: ['ops@example.com', 'ceo@example.com'] },
      ],
      boards,
      'Europe/Berlin',
    ),
    boards,
    render,
    rasterize: rasterizeSvg,
    mailer,
    store,
    logger: quiet(),
    now: () => new Date(),
    ...overrides,
  });
  cleanup.push(() => {
    digests.stop();
    mailer?.close();
  });
  return digests;
}

describe('digest config', () => {
  const check = (raw: unknown) => () => declaredDigests([raw], boards, 'UTC');
  const ok = { id: 'daily', board: 'daily', schedule: '0 8 * * 1-5', to: ['ops@example.com'] };

  it('fills in the defaults: the dashboard time zone, pdf, the public scope', () => {
    expect(declaredDigests([ok], boards, 'Asia/Tehran')).toEqual([
      {
        ...ok,
        timezone: 'Asia/Tehran',
        subject: undefined,
        format: 'pdf',
        scope: { subject: undefined, roles: [], filters: {} },
      },
    ]);
  });

  it('names the bad field', () => {
    expect(check({ ...ok, schedule: '0 8 * *' })).toThrow(/^digests\[0\]\.schedule: expected a five-field cron/);
    expect(check({ ...ok, schedule: '0 0 8 * * *' })).toThrow(/^digests\[0\]\.schedule:/);
    expect(check({ ...ok, schedule: '61 8 * * *' })).toThrow(/^digests\[0\]\.schedule:/);
    expect(check({ ...ok, timezone: 'Mars/Olympus' })).toThrow(/^digests\[0\]\.timezone: expected an IANA time zone/);
    expect(check({ ...ok, to: ['ops@example.com', 'not an address'] })).toThrow(
      /^digests\[0\]\.to\[1\]: expected an e-mail/,
    );
    expect(check({ ...ok, to: [] })).toThrow(/^digests\[0\]\.to: expected at least one/);
    expect(check({ ...ok, format: 'svg' })).toThrow(/^digests\[0\]\.format: expected one of pdf, png, html/);
    expect(check({ ...ok, board: 'weekly' })).toThrow(/^digests\[0\]\.board: no board "weekly"; boards: daily/);
    expect(check({ ...ok, cc: ['x@example.com'] })).toThrow(/^digests\[0\]\.cc: unknown field/);
    expect(check({ ...ok, scope: { filters: { customer_id: [1] } } })).toThrow(
      /^digests\[0\]\.scope\.filters\.customer_id:/,
    );
    expect(() => declaredDigests([ok, ok], boards, 'UTC')).toThrow(/^digests\[1\]\.id: "daily" is declared twice/);
  });
});

describe('digest slots', () => {
  it('follow the time zone across daylight saving time', () => {
    const d = { schedule: '0 8 * * *', timezone: 'Europe/Berlin' };
    // 08:00 in Berlin is 07:00Z in winter (CET) and 06:00Z in summer (CEST).
    expect(nextSlot(d, new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(nextSlot(d, new Date('2026-03-27T12:00:00Z'))?.toISOString()).toBe('2026-03-28T07:00:00.000Z');
    expect(nextSlot(d, new Date('2026-10-24T12:00:00Z'))?.toISOString()).toBe('2026-10-25T07:00:00.000Z');
  });

  it('a time that does not exist on the spring-forward day runs once, at 03:00; a repeated one runs once', () => {
    const skipped = { schedule: '30 2 * * *', timezone: 'Europe/Berlin' };
    // 02:30 does not exist on 2026-03-29 in Berlin (02:00 → 03:00): croner runs it when the clock jumps.
    const spring = nextSlot(skipped, new Date('2026-03-28T12:00:00Z'))!;
    expect(spring.toISOString()).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(nextSlot(skipped, spring)?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
    // 02:30 happens twice on 2026-10-25 (03:00 CEST → 02:00 CET): one slot, not two.
    const autumn = nextSlot(skipped, new Date('2026-10-24T12:00:00Z'))!;
    expect(nextSlot(skipped, autumn)!.getTime() - autumn.getTime()).toBeGreaterThan(20 * 3600_000);
  });

  it('in Tehran (no DST) 08:00 is always 04:30Z', () => {
    expect(
      nextSlot({ schedule: '0 8 * * *', timezone: 'Asia/Tehran' }, new Date('2026-06-01T00:00:00Z'))?.toISOString(),
    ).toBe('2026-06-01T04:30:00.000Z');
  });
});

describe('digest mail over SMTP', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());

  it('sends the board: KPIs as text, the chart as an inline PNG, the rendered file attached', async () => {
    const digests = digestsOf(smtp, createMemoryDigestStore(), {
      raw: [
        {
          id: 'acme',
          board: 'daily',
          schedule: '0 8 * * *',
          to: ['acme@example.com'],
          subject: 'Your daily numbers',
          scope: { roles: ['customer'], filters: { customer_id: 42 } },
        },
      ],
    });
    const before = smtp.received.length;
    expect(await digests.runSlot('acme', new Date('2026-12-07T07:00:00Z'))).toBe('sent');
    const mail = smtp.received[before]!;
    expect(mail.subject).toBe('Your daily numbers');
    expect(mail.from?.text).toBe('"Dashboards" <reports@example.com>');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('acme@example.com');
    // The scope reached the renderer: this customer's numbers.
    expect(mail.text).toContain('Revenue: €12,345.60 (42)');
    const html = String(mail.html);
    expect(html).toContain('Revenue: €12,345.60 (42)');
    expect(html).not.toMatch(/<svg|<script/i);
    const cid = /<img src="cid:([^"]+)" alt="Revenue by day" width="300" height="120"/.exec(html)?.[1];
    expect(cid).toBeDefined();
    // One image: the chart; the sparkline is left out.
    expect(mail.attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(1);
    const image = mail.attachments.find((a) => a.cid === cid)!;
    expect(image.contentType).toBe('image/png');
    expect(image.content.subarray(1, 4).toString()).toBe('PNG');
    // 2×: 600 pixels wide.
    expect(image.content.readUInt32BE(16)).toBe(600);
    const pdf = mail.attachments.find((a) => a.filename === 'daily.pdf')!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.toString()).toBe('%PDF Daily sales 42');
    expect((await digests.status())[0]).toMatchObject({ id: 'acme', lastSentAt: expect.any(String) });
  });

  it('a second run of the same slot sends nothing (memory claim), the next slot sends again', async () => {
    const digests = digestsOf(smtp, createMemoryDigestStore());
    const before = smtp.received.length;
    const slot = new Date('2026-12-07T07:00:00Z');
    expect(await Promise.all([digests.runSlot('daily', slot), digests.runSlot('daily', slot)])).toEqual(
      expect.arrayContaining(['sent', 'taken']),
    );
    expect(await digests.runSlot('daily', new Date('2026-12-08T07:00:00Z'))).toBe('sent');
    expect(smtp.received.length - before).toBe(2);
  });

  it('fires on its cron slot: the timer sends it with no call', async () => {
    // A clock 250 ms before a minute's start, so the `* * * * *` slot comes at once.
    const t0 = Date.now();
    const offset = 60_000 - (t0 % 60_000) - 250;
    const digests = digestsOf(smtp, createMemoryDigestStore(), {
      raw: [{ id: 'minutely', board: 'daily', schedule: '* * * * *', to: ['ops@example.com'], format: 'html' }],
      now: () => new Date(Date.now() + offset),
    });
    const before = smtp.received.length;
    const [status] = await digests.status();
    expect(Date.parse(status!.nextAt!) % 60_000).toBe(0);
    digests.start();
    await expect.poll(() => smtp.received.length - before, { timeout: 10_000 }).toBe(1);
    const mail = smtp.received.at(-1)!;
    expect(mail.attachments.map((a) => a.filename).sort()).toEqual(['chart-1.png', 'daily.html']);
    digests.stop();
  });

  it('sends now to other recipients (the CLI --to) without claiming a slot', async () => {
    const digests = digestsOf(smtp, createMemoryDigestStore());
    const before = smtp.received.length;
    await digests.sendNow('daily', ['me@example.com']);
    const mail = smtp.received[before]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('me@example.com');
    expect(mail.subject).toMatch(/^Daily sales — \d{4}-\d{2}-\d{2}$/);
    await expect(digests.sendNow('nope')).rejects.toThrow('no digest "nope"; digests: daily');
  });
});

describe('SMTP failures', () => {
  it('retries with backoff when the server refuses first, then delivers once', async () => {
    const smtp = await startSmtp({ failFirst: 2 });
    cleanup.push(() => smtp.close());
    const logger = quiet();
    const digests = digestsOf(smtp, createMemoryDigestStore(), { retryDelaysMs: [10, 20, 40], logger });
    expect(await digests.runSlot('daily', new Date('2026-12-07T07:00:00Z'))).toBe('sent');
    expect(smtp.refused).toBe(2);
    expect(smtp.received).toHaveLength(1);
    expect(logger.lines.filter(([level]) => level === 'warn').map(([, , f]) => f?.['attempt'])).toEqual([1, 2]);
    const [status] = await digests.status();
    expect(status!.lastSentAt).not.toBeNull();
    expect(status!.lastError).toBeUndefined();
  });

  it('gives up after the retries: logged, and the error shown in the status', async () => {
    const smtp = await startSmtp({ failFirst: 10 });
    cleanup.push(() => smtp.close());
    const logger = quiet();
    const digests = digestsOf(smtp, createMemoryDigestStore(), { retryDelaysMs: [5, 5], logger });
    expect(await digests.runSlot('daily', new Date('2026-12-07T07:00:00Z'))).toBe('failed');
    expect(smtp.refused).toBe(3);
    expect(logger.lines.find(([level]) => level === 'error')?.[2]).toMatchObject({
      digest: 'daily',
      error: expect.stringContaining('try again later'),
    });
    const [status] = await digests.status();
    expect(status).toMatchObject({ lastSentAt: null, lastError: { message: expect.stringContaining('451') } });
  });

  it('without an SMTP server the status says so', async () => {
    const digests = digestsOf(undefined, createMemoryDigestStore());
    const [status] = await digests.status();
    expect(status!.lastError?.message).toMatch(/no SMTP server configured/);
  });
});

describe.skipIf(redis.skip)('two instances sharing Redis', () => {
  it('send a slot exactly once, and both show it sent', async () => {
    const smtp = await startSmtp();
    cleanup.push(() => smtp.close());
    const prefix = `dashkit-test-${randomUUID()}:`;
    const stores = [0, 1].map(() => createRedisDigestStore({ url: redis.url, prefix }));
    cleanup.push(async () => {
      for (const s of stores) await s.close();
    });
    const [a, b] = stores.map((store) => digestsOf(smtp, store));
    const slot = new Date('2026-12-07T07:00:00Z');
    const results = await Promise.all([a!.runSlot('daily', slot), b!.runSlot('daily', slot)]);
    expect(results.sort()).toEqual(['sent', 'taken']);
    // A late timer on either instance changes nothing.
    expect(await b!.runSlot('daily', slot)).toBe('taken');
    expect(smtp.received).toHaveLength(1);
    const seen = await Promise.all([a!.status(), b!.status()]);
    expect(seen[0]![0]!.lastSentAt).not.toBeNull();
    expect(seen[1]![0]!.lastSentAt).toBe(seen[0]![0]!.lastSentAt);
    // The next slot is claimable again.
    expect(await b!.runSlot('daily', new Date('2026-12-08T07:00:00Z'))).toBe('sent');
    expect(smtp.received).toHaveLength(2);
  });
});

vi.setConfig({ testTimeout: 30_000 });
