/**
 * Boards rendered through the server over the seeded demo data (PGlite): the
 * PDF read back with poppler (pdftotext, pdfinfo, pdffonts), the PNG's
 * header, the SVG's and HTML's text; the same text as the JSON reports say
 * through the widgets' view model; long tables across pages with the header
 * repeated; the caller's scope applied.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgingResponse, type Board, MetaResponse, Problem, StatsResponse } from '../../src/contract/index.js';
import { formatValue } from '../../src/internal/format.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { DEMO_BOARD } from '../demo/board.js';
import type { Logger } from '../logger.js';
import { createDashboardServer, type DashboardServer } from '../server.js';

const QUIET: Logger = { info() {}, warn() {}, error() {} };
const NOW = new Date('2026-11-21T12:00:00Z');
const DIR = mkdtempSync(join(tmpdir(), 'dashkit-render-'));

let server: DashboardServer;
beforeAll(async () => {
  server = createDashboardServer({
    seedDemo: true,
    logger: QUIET,
    now: () => NOW,
    boards: { demo: DEMO_BOARD },
    // A caller sending `x-customer` is that customer: every report sees its rows only.
    authorize: (request): Scope => {
      const customer = request.headers.get('x-customer');
      return customer ? { roles: [], filters: { customer_id: Number(customer) } } : PUBLIC_SCOPE;
    },
  });
  await server.ready;
}, 300_000);
afterAll(() => server.close());

async function fetchFile(s: DashboardServer, path: string, board?: Board, customer?: number) {
  const headers = customer === undefined ? undefined : { 'x-customer': String(customer) };
  const response = await s.fetch(
    new Request(
      `http://localhost/${path}`,
      board ? { method: 'POST', body: JSON.stringify(board), headers } : { headers },
    ),
  );
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Writes the PDF and returns each page's text (pdftotext -layout, split on form feeds). */
function pdfPages(bytes: Buffer, name: string): string[] {
  const file = join(DIR, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}
const pdfInfo = (name: string) => execFileSync('pdfinfo', [join(DIR, `${name}.pdf`)], { encoding: 'utf8' });

describe('render.pdf', { timeout: 60_000 }, () => {
  it('draws the demo board as a vector A4 PDF whose text is the widgets’ text', async () => {
    const { response, bytes } = await fetchFile(server, 'v1/boards/demo/render.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="demo-2026-11-21.pdf"');
    const pages = pdfPages(bytes, 'demo');
    expect(pdfInfo('demo')).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    const text = pages.join('\n');
    expect(text).toContain('Acme Commerce');
    // The headline numbers read the same as the JSON report formatted by the widgets' functions.
    const meta = MetaResponse.parse(await (await server.fetch(new Request('http://localhost/v1/meta'))).json());
    const stats = StatsResponse.parse(
      await (await server.fetch(new Request('http://localhost/v1/stats?metrics=revenue,orders&range=30d'))).json(),
    );
    for (const stat of stats.stats) {
      const info = meta.metrics.find((m) => m.id === stat.metric)!;
      expect(text).toContain(info.label);
      expect(text).toContain(formatValue(stat.value, info.format, { locale: 'en-US', currency: 'USD' }));
    }
    expect(text).toContain(stats.period.label);
    for (const heading of ['Revenue and orders', 'Receivables by age', 'Top customers by revenue', 'Low stock'])
      expect(text).toContain(heading);
    // Both faces embedded (and subset), with a Unicode map: the text is selectable and searchable.
    const fonts = execFileSync('pdffonts', [join(DIR, 'demo.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/Vazirmatn-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/Vazirmatn-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('continues a long table on the next pages with its header repeated', async () => {
    const board: Board = { title: 'All the activity', widgets: [{ type: 'activity', limit: 200 }] };
    const { response, bytes } = await fetchFile(server, 'v1/render.pdf?paper=letter', board);
    expect(response.status).toBe(200);
    const pages = pdfPages(bytes, 'long');
    expect(pdfInfo('long')).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]).toContain('All the activity');
    for (const page of pages.slice(1)) {
      expect(page).toContain('Activity (continued)');
      expect(page).toMatch(/When\s+What\s+Customer\s+Amount\s+Status/);
    }
    // Every order is there once: 200 rows over the pages.
    const orders = pages.join('\n').match(/Order #\d+/g) ?? [];
    expect(new Set(orders).size).toBe(200);
  });

  it('draws a fa-IR board right to left in Persian digits with the embedded font', async () => {
    const { response, bytes } = await fetchFile(server, 'v1/boards/demo/render.pdf?locale=fa-IR&currency=IRR');
    expect(response.status).toBe(200);
    const text = pdfPages(bytes, 'fa').join('\n');
    expect(text).toMatch(/[۰-۹]/);
    expect(text).toContain('ریال');
    // Numbers read in their order inside right-to-left text (fontkit alone reversed "۲٬۸۰۴" to "۴۰۸٬۲").
    const stats = StatsResponse.parse(
      await (
        await server.fetch(new Request('http://localhost/v1/stats?metrics=orders,new_customers&range=30d&locale=fa-IR'))
      ).json(),
    );
    for (const stat of stats.stats) {
      const shown = formatValue(stat.value, 'number', { locale: 'fa-IR', currency: 'IRR' });
      expect(shown.length).toBeGreaterThan(1);
      expect(text).toContain(shown);
      const reversed = [...shown].reverse().join('');
      if (reversed !== shown) expect(text).not.toContain(reversed);
    }
  });

  it('applies the caller’s scope: a customer sees only its own rows', async () => {
    const board: Board = { title: 'Mine', widgets: [{ type: 'aging-table', limit: 100 }] };
    const aging = AgingResponse.parse(
      await (await server.fetch(new Request('http://localhost/v1/aging?limit=2&sort=total&order=desc'))).json(),
    );
    const [first, second] = aging.customers;
    const all = pdfPages((await fetchFile(server, 'v1/render.pdf', board)).bytes, 'all').join('\n');
    const mine = pdfPages((await fetchFile(server, 'v1/render.pdf', board, Number(first!.id))).bytes, 'mine').join(
      '\n',
    );
    const rows = (text: string) => (text.match(/Customers:\s*(\d+)/) ?? [])[1];
    expect(Number(rows(all))).toBeGreaterThan(1);
    expect(all).toContain(second!.name);
    expect(rows(mine)).toBe('1');
    expect(mine).toContain(first!.name);
    expect(mine).not.toContain(second!.name);
  });

  it('names the widget whose metric is unknown', async () => {
    const board: Board = { title: 'x', widgets: [{ type: 'stat-card', metric: 'profit' }] };
    const { response, bytes } = await fetchFile(server, 'v1/render.pdf', board);
    expect(response.status).toBe(400);
    const problem = Problem.parse(JSON.parse(bytes.toString('utf8')));
    expect(problem.errors?.[0]?.param).toBe('widgets[0].metrics');
  });
});

describe('render.png, render.svg and render.html', { timeout: 60_000 }, () => {
  it('draws a PNG at 2x', async () => {
    const { response, bytes } = await fetchFile(server, 'v1/boards/demo/render.png?theme=dark');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width then height, big-endian, at bytes 16–23; A4 is 794 CSS px wide.
    expect(bytes.readUInt32BE(16)).toBe(794 * 2);
  });

  it('keeps text as text in the SVG', async () => {
    const { response, bytes } = await fetchFile(server, 'v1/boards/demo/render.svg');
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = bytes.toString('utf8');
    expect(svg).toMatch(/<text[^>]*>Acme Commerce<\/text>/);
    expect(svg).not.toContain('<script');
  });

  it('writes a self-contained HTML page without script', async () => {
    const { response, bytes } = await fetchFile(server, 'v1/boards/demo/render.html?locale=fa-IR');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = bytes.toString('utf8');
    expect(html).toContain('<html lang="fa-IR" dir="rtl">');
    expect(html).toContain('<h1>Acme Commerce</h1>');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('refuses an image of more pages than it holds, pointing at the PDF', async () => {
    const board: Board = { title: 'Long', widgets: [{ type: 'activity', limit: 1000 }] };
    const { response, bytes } = await fetchFile(server, 'v1/render.png', board);
    expect(response.status).toBe(400);
    const problem = Problem.parse(JSON.parse(bytes.toString('utf8')));
    expect(problem.errors?.[0]).toMatchObject({ param: 'format', message: expect.stringContaining('PDF') });
  });
});

describe('in the board’s locale', { timeout: 120_000 }, () => {
  /** The demo board as a Persian author writes it: a Persian title, no chart labels of its own (the charts name themselves). */
  const board: Board = {
    title: 'فروشگاه آکمه',
    range: '30d',
    widgets: DEMO_BOARD.widgets.map((w) => {
      const { label: _label, ...rest } = w as typeof w & { label?: string };
      return rest as typeof w;
    }),
  };

  /** Every word of three letters or more in the data itself (customer and product names, SKUs): those stay as written. */
  async function dataWords(): Promise<Set<string>> {
    const json = async (path: string) => (await server.fetch(new Request(`http://localhost/v1/${path}`))).json();
    const names: string[] = [];
    const aging = (await json('aging?limit=500')) as { customers: { name: string }[] };
    names.push(...aging.customers.map((c) => c.name));
    const low = (await json('low-stock?limit=100')) as { items: { name: string; sku: string }[] };
    names.push(...low.items.flatMap((i) => [i.name, i.sku]));
    const feed = (await json('activity?limit=100')) as { items: { customer?: { name: string } }[] };
    names.push(...feed.items.flatMap((i) => (i.customer ? [i.customer.name] : [])));
    const top = (await json('breakdown?metric=revenue&by=customer&range=30d&limit=50')) as {
      rows: { label: string }[];
    };
    names.push(...top.rows.map((r) => r.label));
    return new Set(names.flatMap((n) => n.match(/[A-Za-z]{3,}/g) ?? []));
  }

  /** Text a reader sees in the HTML: element text, SVG text, and the titles and labels a pointer or screen reader gives. */
  function readable(html: string): string[] {
    const decode = (s: string) =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const body = html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<head[\s\S]*?<\/head>/, '');
    const attributes = [...body.matchAll(/\s(?:title|aria-label|alt)="([^"]*)"/g)].map((m) => m[1]!);
    const text = body.replace(/<[^>]+>/g, '\n').split('\n');
    return [...attributes, ...text].map((t) => decode(t).trim()).filter(Boolean);
  }

  for (const locale of ['fa-IR', 'ar-SA']) {
    it(`writes no English word in a ${locale} HTML page, PDF or SVG (the data's own names aside)`, async () => {
      const allowed = await dataWords();
      const english = (lines: readonly string[]) =>
        lines.flatMap((line) =>
          (line.match(/[A-Za-z]{3,}/g) ?? [])
            // A chart cuts a long name with "…": the part left is the start of a data word.
            .filter((word) => !allowed.has(word) && ![...allowed].some((a) => a.startsWith(word)))
            .map((word) => `${word} in "${line}"`),
        );
      const html = await fetchFile(server, `v1/render.html?locale=${locale}`, board);
      expect(html.response.status).toBe(200);
      const lines = readable(html.bytes.toString('utf8'));
      // The test reads what it should: the board's own words are there.
      expect(lines.join('\n')).toContain('فروشگاه آکمه');
      expect(english(lines)).toEqual([]);
      const pdf = await fetchFile(server, `v1/render.pdf?locale=${locale}`, board);
      expect(english(pdfPages(pdf.bytes, `words-${locale}`))).toEqual([]);
      const svg = await fetchFile(server, `v1/render.svg?locale=${locale}`, board);
      expect(english(readable(svg.bytes.toString('utf8')))).toEqual([]);
    });
  }

  it('writes the tables, cards and chart names in German for de-DE', async () => {
    const { response, bytes } = await fetchFile(server, 'v1/render.html?locale=de-DE', board);
    expect(response.status).toBe(200);
    const text = readable(bytes.toString('utf8')).join('\n');
    for (const word of [
      'Altersstruktur der Forderungen',
      'Niedriger Bestand',
      'Aktivität',
      'Stand jetzt',
      'ggü.',
      'Erstellt',
    ])
      expect(text).toContain(word);
    for (const word of ['As of', 'Receivables aging', 'Low stock', 'Generated', 'When', 'Customer'])
      expect(text).not.toContain(word);
  });

  it('draws no character the embedded font lacks (▲ ▼ ▶ become shapes; bidi marks it has no glyph for are replaced)', async () => {
    for (const locale of ['fa-IR', 'ar-SA', 'en-US']) {
      const { bytes } = await fetchFile(server, `v1/boards/demo/render.svg?locale=${locale}`);
      const svg = bytes.toString('utf8');
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).join('');
      expect(texts).not.toMatch(/[▲▼▶\u061c\u2066-\u2069]/);
      // The change badges' arrows are there, as triangles.
      expect(svg).toMatch(/<polygon points="[\d.,\s]+" fill="#[0-9a-fA-F]+"\/>/);
    }
  });
});
