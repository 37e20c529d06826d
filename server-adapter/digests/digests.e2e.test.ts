/**
 * A digest end to end through the real renderer: the server over the seeded
 * demo data (PGlite) renders the board — HTML body, charts rasterised by
 * resvg, the PDF by PDFKit — and mails it to a real SMTP server started here;
 * the message is parsed and its numbers compared with `v1/stats` for the same
 * period, the attached PDF read back with pdftotext. Then `dashkit digest
 * <id> --out file.pdf` from the command line, with the same config file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Board, MetaResponse, StatsResponse } from '../../src/contract/index.js';
import { formatValue } from '../../src/internal/format.js';
import { startSmtp, type TestSmtp } from '../../tests/support/smtp.js';
import type { Logger } from '../logger.js';
import { createDashboardServer, type DashboardServer } from '../server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const QUIET: Logger = { info() {}, warn() {}, error() {} };
const NOW = new Date('2026-11-21T12:00:00Z');
const DIR = mkdtempSync(join(tmpdir(), 'dashkit-digest-e2e-'));

const BOARD: Board = {
  title: 'Daily sales',
  range: '30d',
  widgets: [
    { type: 'stat-grid', metrics: 'revenue,orders' },
    { type: 'chart', metrics: 'revenue' },
    { type: 'chart', breakdown: 'customer', metrics: 'revenue', chartType: 'bar', limit: 5 },
  ],
};
const CONFIG = {
  boards: { daily: BOARD },
  digests: [{ id: 'daily', board: 'daily', schedule: '0 8 * * *', to: ['ops@example.com'], format: 'pdf' as const }],
};

const pdfText = (bytes: Buffer, name: string) => {
  const file = join(DIR, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};
/** pdftotext lays text out in columns: compare with runs of spaces made one. */
const squeeze = (text: string) => text.replace(/[ \t]+/g, ' ');

let smtp: TestSmtp;
let server: DashboardServer;
beforeAll(async () => {
  smtp = await startSmtp();
  server = createDashboardServer({
    seedDemo: true,
    logger: QUIET,
    now: () => NOW,
    boards: CONFIG.boards,
    digests: CONFIG.digests,
    smtpUrl: smtp.url,
    mailFrom: 'Dashboards <reports@example.com>',
    scheduleDigests: false,
  });
  await server.ready;
}, 300_000);
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

describe('a digest through the real renderer and a real SMTP server', { timeout: 120_000 }, () => {
  it('mails the board: KPIs as text, charts as inline PNGs, the PDF attached with the same numbers', async () => {
    const before = smtp.received.length;
    await server.sendDigest('daily');
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received[before]!;

    const meta = MetaResponse.parse(await (await server.fetch(new Request('http://localhost/v1/meta'))).json());
    const stats = StatsResponse.parse(
      await (await server.fetch(new Request('http://localhost/v1/stats?metrics=revenue,orders&range=30d'))).json(),
    );
    const format = { locale: meta.locale, currency: meta.currency };
    const expected = stats.stats.map((s) => {
      const info = meta.metrics.find((m) => m.id === s.metric)!;
      return { label: info.label, value: formatValue(s.value, info.format, format) };
    });
    expect(expected).toHaveLength(2);

    // The body: every KPI as text (HTML and the plain-text part), the period, no script and no SVG left.
    const html = String(mail.html);
    expect(mail.subject).toMatch(/^Daily sales — \d{4}-\d{2}-\d{2}$/);
    for (const { label, value } of expected) {
      expect(html).toContain(label);
      expect(html).toContain(value);
      expect(mail.text).toContain(value);
    }
    expect(mail.text).toContain(stats.period.label);
    expect(html).not.toMatch(/<svg|<script/i);

    // Each chart an inline PNG at 2× (the HTML's 714-px chart: 1428 px), referenced by its cid.
    const images = [...html.matchAll(/<img src="cid:([^"]+)" alt="([^"]*)"/g)];
    const cids = images.map((m) => m[1]!);
    expect(cids).toHaveLength(2);
    // Each image named by its chart's title (in the board's words), not a generic "Chart".
    expect(images.map((m) => m[2])).toEqual(['Revenue', 'Revenue by customer']);
    for (const cid of cids) {
      const image = mail.attachments.find((a) => a.cid === cid);
      expect(image?.contentType).toBe('image/png');
      expect(image!.content.subarray(1, 4).toString()).toBe('PNG');
      expect(image!.content.readUInt32BE(16)).toBe(1428);
    }

    // The rendered PDF, attached, read back: the same numbers and the period.
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('daily-2026-11-21.pdf');
    const text = squeeze(pdfText(pdf!.content, 'mailed'));
    expect(text).toContain('Daily sales');
    expect(text).toContain(squeeze(stats.period.label));
    for (const { label, value } of expected) {
      expect(text).toContain(label);
      expect(text).toContain(value);
    }
  });

  it('dashkit digest <id> --out file.pdf writes the PDF the digest attaches', async () => {
    const config = join(DIR, 'dashkit.config.json');
    writeFileSync(config, JSON.stringify(CONFIG));
    const out = join(DIR, 'cli.pdf');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'server-adapter/bin/cli.ts', 'digest', 'daily', '--out', out, '--config', config],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', DASHKIT_SMTP_URL: '', DASHKIT_MAIL_FROM: '' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dashkit digest: wrote .*cli\.pdf \(application\/pdf, \d+ bytes\)\n$/);
    const text = squeeze(pdfText(readFileSync(out), 'cli'));
    expect(text).toContain('Daily sales');
    // Its own clock (today), so its own numbers: the labels, a money figure and the period are there.
    const meta = MetaResponse.parse(await (await server.fetch(new Request('http://localhost/v1/meta'))).json());
    for (const id of ['revenue', 'orders']) expect(text).toContain(meta.metrics.find((m) => m.id === id)!.label);
    expect(text).toMatch(/Last 30 days \(/);
    expect(text).toMatch(/\$[\d,]+\.\d\d/);
  });
});
