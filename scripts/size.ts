/**
 * `npm run size`: gzip (level 9) size of every JavaScript file under dist/,
 * after `npm run build`. The number that matters for a page is "widgets
 * without ECharts": what dist/cdn/dashkit.js costs before any chart is
 * drawn. The CDN build has one entry, so every other file beside it is a
 * chunk it imports on demand: ECharts (a chart scrolled into view), and
 * `cdn-lazy` code a user action asks for (a row's invoices, the custom range form, the board's
 * export toolbar with `export-menu`, its live stream with `live`, a CSV download with a token, what a refresh of
 * the activity feed brought) — listed,
 * not counted in the budget.
 *
 * Also fails (exit 1) if server-only code shows up in a browser file, as a
 * second line of defence behind the build's own guard.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SERVER_ONLY_PACKAGES } from './build-entries.js';

export interface SizeRow {
  file: string;
  kind:
    'cdn' | 'cdn-echarts' | 'cdn-lazy' | 'cdn-locale' | 'element' | 'index' | 'contract' | 'chunk' | 'server' | 'cli';
  bytes: number;
  gzip: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'types' ? [] : walk(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

function kindOf(file: string): SizeRow['kind'] {
  if (file.startsWith('cdn/')) {
    if (/(^|\/)echarts[^/]*\.js$/.test(file)) return 'cdn-echarts';
    // A message catalog (src/locales/locale-<lang>.ts): loaded only by a page in that language.
    if (/(^|\/)locale-[^/]*\.js$/.test(file)) return 'cdn-locale';
    return file === 'cdn/dashkit.js' ? 'cdn' : 'cdn-lazy';
  }
  if (file.startsWith('define/')) return 'element';
  if (file === 'index.js') return 'index';
  if (file.startsWith('contract/')) return 'contract';
  if (file.startsWith('server/')) return 'server';
  if (file === 'cli.js') return 'cli';
  return 'chunk';
}

const ORDER: SizeRow['kind'][] = [
  'cdn',
  'cdn-echarts',
  'cdn-lazy',
  'cdn-locale',
  'index',
  'element',
  'contract',
  'chunk',
  'server',
  'cli',
];

/** Sizes of every .js file under `dist`, browser files first. */
export function measure(dist: string): SizeRow[] {
  return walk(dist)
    .map((path) => {
      const file = relative(dist, path).split(sep).join('/');
      const content = readFileSync(path);
      return { file, kind: kindOf(file), bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
    })
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.file.localeCompare(b.file));
}

/** Server-only imports found in browser files (anything outside server/ and cli.js). */
export function serverLeaks(dist: string, rows: readonly SizeRow[]): string[] {
  const names = SERVER_ONLY_PACKAGES.map((p) => p.replace(/[/.]/g, '\\$&')).join('|');
  const pattern = new RegExp(`(?:from|import)\\s*\\(?\\s*["'](node:[^"']+|(?:${names})(?:/[^"']*)?)["']`, 'g');
  const leaks: string[] = [];
  for (const row of rows) {
    if (row.kind === 'server' || row.kind === 'cli') continue;
    const code = readFileSync(join(dist, row.file), 'utf8');
    for (const m of code.matchAll(pattern)) leaks.push(`${row.file} imports ${m[1]}`);
  }
  return leaks;
}

/**
 * The budget of issue 16: all nine elements (the seven of issue 5's 35 KB, plus
 * `<dash-activity>` and `<dash-status>`), without ECharts, in at most 38 KB gzip.
 * `npm run size` fails above it, and so does tests/package/size.test.ts.
 */
export const WIDGETS_BUDGET_BYTES = 38 * 1024;

/** Gzip size of what a page with every widget loads before any chart is drawn. */
export function widgetsGzip(rows: readonly SizeRow[]): number {
  return rows.filter((r) => r.kind === 'cdn').reduce((n, r) => n + r.gzip, 0);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function formatTable(rows: readonly SizeRow[]): string {
  const width = Math.max(...rows.map((r) => r.file.length), 'file'.length);
  const line = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(width)}  ${b.padEnd(11)}  ${c.padStart(10)}  ${d.padStart(10)}`;
  const out = [line('file', 'kind', 'raw', 'gzip -9'), '-'.repeat(width + 37)];
  for (const r of rows) out.push(line(r.file, r.kind, kb(r.bytes), kb(r.gzip)));
  const cdn = rows.filter((r) => r.kind === 'cdn');
  const echarts = rows.filter((r) => r.kind === 'cdn-echarts');
  out.push('-'.repeat(width + 37));
  const sum = (rs: readonly SizeRow[], key: 'bytes' | 'gzip') => rs.reduce((n, r) => n + r[key], 0);
  out.push(line('widgets without ECharts (cdn)', '', kb(sum(cdn, 'bytes')), kb(widgetsGzip(rows))));
  if (echarts.length > 0)
    out.push(line('ECharts, loaded with a chart', '', kb(sum(echarts, 'bytes')), kb(sum(echarts, 'gzip'))));
  const lazy = rows.filter((r) => r.kind === 'cdn-lazy');
  if (lazy.length > 0) out.push(line('loaded on a user action', '', kb(sum(lazy, 'bytes')), kb(sum(lazy, 'gzip'))));
  for (const r of rows.filter((x) => x.kind === 'cdn-locale'))
    out.push(
      line(`${/locale-([a-z]+)/.exec(r.file)?.[1] ?? r.file} messages, loaded on demand`, '', kb(r.bytes), kb(r.gzip)),
    );
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dist = process.argv[2] ?? 'dist';
  if (!existsSync(join(dist, 'cdn'))) {
    process.stderr.write(`size: no ${dist}/cdn; run \`npm run build\` first\n`);
    process.exit(1);
  }
  const rows = measure(dist);
  process.stdout.write(`${formatTable(rows)}\n`);
  const widgets = widgetsGzip(rows);
  const verdict = widgets <= WIDGETS_BUDGET_BYTES ? 'within' : 'OVER';
  process.stdout.write(
    `widgets without ECharts: ${kb(widgets)} gzip, ${verdict} the ${kb(WIDGETS_BUDGET_BYTES)} budget\n`,
  );
  if (widgets > WIDGETS_BUDGET_BYTES) process.exitCode = 1;
  const leaks = serverLeaks(dist, rows);
  if (leaks.length > 0) {
    process.stderr.write(`size: server-only code in browser files:\n  ${leaks.join('\n  ')}\n`);
    process.exit(1);
  }
}
