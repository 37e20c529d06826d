/**
 * The demo page `dashkit serve` shows at `/`: the whole dashboard (period
 * filter, data status, KPIs beside the activity feed, charts, aging, low
 * stock) live over the contract, a theme
 * toggle, the "Simulate activity" switch (demo mode only), and every endpoint
 * with example queries.
 *
 * Plain HTML with two small inline scripts, so it works from the CDN bundle
 * alone: one in <head> (the saved theme before first paint, and the
 * `dashkit:first-stat` performance mark), and the page's module script.
 */
import { DEMO_SCRIPT, FIRST_STAT_SCRIPT } from './page-script.js';

export interface DemoPageOptions {
  /** Where the contract is mounted (`''` or e.g. `/dashboard/api`). */
  basePath: string;
  /** Whether `/dist/cdn/dashkit.js` exists, so the widgets can be shown. */
  widgets: boolean;
  timezone: string;
  currency: string;
  /** What the data comes from, e.g. `pglite demo`. */
  sourceLabel: string;
  /** Whether `POST /demo/activity` exists (demo mode), so the page offers "Simulate activity". */
  activity?: boolean;
}

/** Example requests, one or more per endpoint, relative to the base path. */
export const EXAMPLE_QUERIES: readonly { path: string; about: string }[] = [
  { path: 'v1/meta', about: 'metrics, breakdowns, reports, locale' },
  {
    path: 'v1/stats?metrics=revenue,orders,average_order_value,new_customers&range=30d',
    about: 'KPIs for the last 30 days vs the 30 before',
  },
  {
    path: 'v1/stats?metrics=revenue,conversion_rate&range=month&compare=year',
    about: 'this month vs the same dates last year',
  },
  { path: 'v1/series?metrics=revenue,orders&range=90d', about: 'daily series (gap-filled)' },
  { path: 'v1/series?metrics=revenue&range=year&granularity=month', about: 'monthly revenue, this year' },
  { path: 'v1/breakdown?metric=revenue&by=customer&limit=5&range=quarter', about: 'top 5 customers this quarter' },
  { path: 'v1/segments?range=365d', about: 'customer value segments' },
  { path: 'v1/aging?sort=overdue&order=desc&limit=10', about: 'receivables aging, most overdue first' },
  {
    path: 'v1/aging?basis=invoice&buckets=15,30,60&search=a&minAmount=100',
    about: 'custom buckets, by invoice date, filtered',
  },
  { path: 'v1/aging/customers/1/invoices', about: "customer 1's open invoices" },
  {
    path: 'v1/stats?metrics=revenue,orders,receivables&range=365d&filter=customer:1',
    about: 'one customer: KPIs filtered, echoed with the name',
  },
  { path: 'v1/aging?bucket=days_61_90&limit=10', about: 'customers owing money 61–90 days late' },
  { path: 'v1/low-stock?limit=10', about: 'most urgent products' },
  { path: 'v1/health', about: 'source, cache and latency' },
  { path: 'v1/events', about: 'live invalidations (Server-Sent Events)' },
  { path: 'v1/export/aging.csv', about: 'aging as CSV' },
  { path: 'v1/export/low-stock.csv', about: 'low stock as CSV' },
  { path: 'v1/export/series.csv?metrics=revenue,orders&range=30d', about: 'series as CSV' },
  { path: 'v1/stats?metrics=revenue&range=fortnight', about: 'a bad parameter: 400 naming it' },
];

/** The KPIs of the grid, in reading order. */
export const DEMO_METRICS = [
  'revenue',
  'orders',
  'average_order_value',
  'new_customers',
  'conversion_rate',
  'receivables',
  'overdue',
  'low_stock_items',
] as const;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The page's own colours, beside the widgets' (which the board sets from its `theme`). */
const PAGE_THEMES = {
  light: {
    bg: '#f6f8fa',
    fg: '#1f2328',
    muted: '#59636e',
    card: '#ffffff',
    border: '#d1d9e0',
    accent: '#0969da',
    'accent-fg': '#ffffff',
    'code-bg': '#eff2f5',
    good: '#1a7f37',
    'header-bg': '#ffffff',
  },
  dark: {
    bg: '#0d1117',
    fg: '#e6edf3',
    muted: '#9da7b3',
    card: '#151b23',
    border: '#3d444d',
    accent: '#4493f8',
    'accent-fg': '#0d1117',
    'code-bg': '#262c36',
    good: '#3fb950',
    'header-bg': '#151b23',
  },
} as const;

const themeVars = (theme: keyof typeof PAGE_THEMES) =>
  Object.entries(PAGE_THEMES[theme])
    .map(([name, value]) => `--page-${name}: ${value};`)
    .join(' ');

/** Where `dashkit serve` answers the Vazirmatn web fonts the page declares for Persian and Arabic. */
export const DEMO_FONT_PATH = '/demo/fonts/';

const STYLES = `
    :root { ${themeVars('light')} color-scheme: light; }
    :root[data-theme='dark'] { ${themeVars('dark')} color-scheme: dark; }
    @media (prefers-color-scheme: dark) {
      :root[data-theme='auto'] { ${themeVars('dark')} color-scheme: dark; }
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { background: var(--page-bg); color: var(--page-fg); font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; line-height: 1.5; -webkit-text-size-adjust: 100%; }
    body { margin: 0; }
    a { color: var(--page-accent); text-underline-offset: 0.15em; }
    a:focus-visible, button:focus-visible, summary:focus-visible, input:focus-visible + span {
      outline: 2px solid var(--page-accent); outline-offset: 2px; border-radius: 0.25rem;
    }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875em; background: var(--page-code-bg); padding: 0.1em 0.35em; border-radius: 0.3em; overflow-wrap: anywhere; }
    .skip { position: absolute; inset-inline-start: 1rem; inset-block-start: -3rem; padding: 0.5rem 0.75rem; background: var(--page-card); border: 1px solid var(--page-border); border-radius: 0.5rem; z-index: 1; }
    .skip:focus { inset-block-start: 0.5rem; }
    .wrap { max-width: 80rem; margin-inline: auto; padding-inline: clamp(0.75rem, 3vw, 2rem); }

    .top { background: var(--page-header-bg); border-block-end: 1px solid var(--page-border); }
    .top .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 1rem 2rem; padding-block: 1.25rem; }
    .intro { flex: 1 1 28rem; min-width: 0; }
    .brand { display: flex; align-items: center; gap: 0.6rem; margin: 0; font-size: 1.5rem; line-height: 1.2; letter-spacing: -0.01em; }
    .brand svg { flex: none; }
    .badge { font-size: 0.75rem; font-weight: 600; letter-spacing: 0.02em; text-transform: uppercase; color: var(--page-muted); border: 1px solid var(--page-border); border-radius: 999px; padding: 0.05rem 0.5rem; }
    .tagline { margin: 0.4rem 0 0; color: var(--page-muted); max-width: 48rem; }
    .links { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.5rem 0 0; padding: 0; list-style: none; font-size: 0.925rem; }

    .controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem 1.25rem; }
    .theme { display: inline-flex; border: 1px solid var(--page-border); border-radius: 0.5rem; padding: 0.15rem; margin: 0; gap: 0.15rem; }
    .theme legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .theme label { position: relative; }
    .theme input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
    .theme span { display: block; padding: 0.3rem 0.7rem; border-radius: 0.35rem; font-size: 0.875rem; color: var(--page-muted); }
    .theme input:checked + span { background: var(--page-accent); color: var(--page-accent-fg); font-weight: 600; }
    .theme input:hover:not(:checked) + span { color: var(--page-fg); background: var(--page-code-bg); }

    .switch { display: inline-flex; align-items: center; gap: 0.6rem; padding: 0.35rem 0.75rem 0.35rem 0.4rem; font: inherit; font-size: 0.925rem; font-weight: 600; color: var(--page-fg); background: var(--page-card); border: 1px solid var(--page-border); border-radius: 999px; cursor: pointer; }
    .switch:hover { border-color: var(--page-muted); }
    .track { position: relative; inline-size: 2.25rem; block-size: 1.25rem; border-radius: 999px; background: var(--page-border); transition: background 0.15s; flex: none; }
    .thumb { position: absolute; inset-block-start: 0.125rem; inset-inline-start: 0.125rem; inline-size: 1rem; block-size: 1rem; border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgb(0 0 0 / 0.3); transition: inset-inline-start 0.15s; }
    .switch[aria-checked='true'] .track { background: var(--page-good); }
    .switch[aria-checked='true'] .thumb { inset-inline-start: 1.125rem; }
    .pulse { display: inline-block; inline-size: 0.5rem; block-size: 0.5rem; border-radius: 50%; background: var(--page-muted); }
    .switch[aria-checked='true'] .pulse { background: var(--page-good); animation: pulse 1.2s ease-in-out infinite; }
    @keyframes pulse { 50% { opacity: 0.3; } }
    @media (prefers-reduced-motion: reduce) { .track, .thumb { transition: none; } .switch[aria-checked='true'] .pulse { animation: none; } }

    .side { flex: 0 1 28rem; min-width: 0; }
    /* Two lines reserved (status, then the latest events on one clipped line): toggling never moves the page. */
    .activity { display: grid; gap: 0.35rem; min-block-size: 3.4rem; margin: 0.75rem 0 0; font-size: 0.875rem; color: var(--page-muted); }
    .activity ol { display: flex; flex-wrap: nowrap; gap: 0.5rem; margin: 0; padding: 0; list-style: none; overflow: hidden; mask-image: linear-gradient(to right, #000 85%, transparent); }
    [dir='rtl'] .activity ol { mask-image: linear-gradient(to left, #000 85%, transparent); }
    .activity li { padding: 0.05rem 0.55rem; border: 1px solid var(--page-border); border-radius: 999px; background: var(--page-card); white-space: nowrap; }
    .activity li:first-child { color: var(--page-fg); border-color: var(--page-good); }

    main { padding-block: 1.5rem 2rem; }
    .hint { margin: 0 0 1rem; color: var(--page-muted); font-size: 0.925rem; }
    dash-board { --dash-board-gap: 1rem; --dash-stat-grid-min: 15rem; }
    /* Room reserved until the script defines the elements (docs/widgets.md): the page does not jump as they appear. */
    dash-board:not(:defined) { display: block; min-block-size: 100vh; }
    /* Persian and Arabic: Vazirmatn, served beside the page (npm \`vazirmatn\`, SIL OFL), for the Arabic script only —
       Latin names and digits keep the system face (docs/widgets.md). */
    @font-face {
      font-family: Vazirmatn;
      src: url('${DEMO_FONT_PATH}Vazirmatn%5Bwght%5D.woff2') format('woff2');
      font-weight: 100 900;
      font-display: swap;
      unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF;
    }
    dash-board:is([locale^='fa'], [locale^='ar']) { --dash-font-family: Vazirmatn, system-ui, sans-serif; }
    .locale-picker select { font: inherit; font-size: 0.875rem; padding: 0.3rem 0.5rem; border: 1px solid var(--page-border); border-radius: 0.5rem; background: var(--page-card); color: var(--page-fg); }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    /* Until stat-card sizes its column itself: the nowrap comparison line must not widen a narrow card. */
    dash-stat-grid::part(card) { grid-template-columns: minmax(0, 1fr); }
    /* Cards side by side end on one line. */
    dash-board > dash-chart::part(base), dash-board > dash-low-stock::part(base), dash-board > dash-activity::part(base) { block-size: 100%; align-content: start; }
    @media (min-width: 48.01rem) { dash-board > .top-customers { --dash-chart-height: 25rem; } }
    dash-board > .wide { grid-column: span 8; }
    dash-board > .narrow { grid-column: span 4; }
    dash-board > .half { grid-column: span 6; }
    @media (max-width: 64rem) {
      dash-board > .wide, dash-board > .narrow { grid-column: span 6; }
    }
    @media (max-width: 48rem) {
      dash-board { --dash-stat-grid-min: 10rem; }
      dash-board > .wide, dash-board > .narrow, dash-board > .half { grid-column: 1 / -1; }
    }

    .notice { padding: 1rem 1.25rem; border: 1px solid var(--page-border); border-inline-start: 4px solid var(--page-accent); border-radius: 0.5rem; background: var(--page-card); }
    .notice h2 { margin: 0 0 0.25rem; font-size: 1.1rem; }
    .notice p { margin: 0.25rem 0; }

    .endpoints { margin-block-start: 2rem; border: 1px solid var(--page-border); border-radius: 0.5rem; background: var(--page-card); }
    .endpoints summary { padding: 0.85rem 1.25rem; cursor: pointer; font-weight: 600; }
    .endpoints h2 { display: inline; font-size: 1rem; margin: 0; }
    .endpoints ul { margin: 0; padding: 0 1.25rem 1rem; list-style: none; display: grid; gap: 0.35rem; }
    .endpoints li { display: grid; grid-template-columns: minmax(0, 1fr); }
    .endpoints li span { color: var(--page-muted); font-size: 0.875rem; }
    @media (min-width: 56rem) { .endpoints li { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: baseline; } }

    footer { border-block-start: 1px solid var(--page-border); color: var(--page-muted); font-size: 0.875rem; }
    footer .wrap { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem 1.5rem; padding-block: 1rem 1.5rem; }
    footer p { margin: 0; }
`;

const LOGO = `<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
        <rect width="28" height="28" rx="7" fill="var(--page-accent)"/>
        <rect x="6" y="14" width="4" height="8" rx="1" fill="var(--page-accent-fg)"/>
        <rect x="12" y="9" width="4" height="13" rx="1" fill="var(--page-accent-fg)"/>
        <rect x="18" y="5" width="4" height="17" rx="1" fill="var(--page-accent-fg)"/>
      </svg>`;

function dashboard(api: string): string {
  // sync-url: the period and the filters live in the page's URL (Back undoes a filter; a reload keeps them).
  return `<p class="hint">Click a customer’s bar, a slice of the aging donut or the funnel beside a customer in the aging table to filter the whole board; remove a filter with its chip.</p>
    <dash-board src="${escapeHtml(api)}" range="30d" live theme="auto" sync-url export-menu>
      <dash-period-filter></dash-period-filter>
      <dash-status></dash-status>
      <dash-stat-grid class="wide" metrics="${DEMO_METRICS.join(',')}"></dash-stat-grid>
      <dash-activity class="narrow" limit="8"></dash-activity>
      <dash-chart class="wide" metrics="revenue,orders" type="area" label="Revenue and orders"></dash-chart>
      <dash-chart class="narrow" report="aging" type="donut" label="Receivables by age"></dash-chart>
      <dash-chart class="half top-customers" breakdown="customer" metrics="revenue" type="bar" limit="8" label="Top customers by revenue"></dash-chart>
      <dash-low-stock class="half" limit="5"></dash-low-stock>
      <dash-aging-table page-size="10"></dash-aging-table>
    </dash-board>`;
}

const NOT_BUILT = `<div class="notice" role="note">
      <h2>The widgets are not built yet</h2>
      <p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload this page.
      The build writes the single-file bundle <code>dist/cdn/dashkit.js</code> that this page loads.</p>
      <p>The API below works already.</p>
    </div>`;

function activityControls(): string {
  return `<button type="button" class="switch" id="simulate" role="switch" aria-checked="false" aria-describedby="activity-help">
          <span class="track" aria-hidden="true"><span class="thumb"></span></span>
          Simulate activity
        </button>`;
}

/** The HTML of the demo page. */
export function demoPage(options: DemoPageOptions): string {
  const api = `${options.basePath}/`;
  const activity = options.activity === true && options.widgets;
  const items = EXAMPLE_QUERIES.map(({ path, about }) => {
    const href = escapeHtml(`${api}${path}`);
    return `        <li><a href="${href}"><code>${href}</code></a><span>${escapeHtml(about)}</span></li>`;
  }).join('\n');
  const links = [
    [`${api}v1/meta`, 'Metadata'],
    [`${api}v1/health`, 'Health'],
    ...(options.widgets ? [['/dist/contract/openapi.json', 'OpenAPI 3.1']] : []),
    ['#endpoints', 'All endpoints'],
  ]
    .map(([href, text]) => `<li><a href="${escapeHtml(href!)}">${escapeHtml(text!)}</a></li>`)
    .join('');
  const about = `Contract v1 at <code>${escapeHtml(api)}v1/</code> · source ${escapeHtml(options.sourceLabel)} · time zone ${escapeHtml(options.timezone)} · ${escapeHtml(options.currency)}`;
  return `<!doctype html>
<html lang="en" data-theme="auto">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 28 28'%3E%3Crect width='28' height='28' rx='7' fill='%230969da'/%3E%3Cpath d='M6 14h4v8H6zM12 9h4v13h-4zM18 5h4v17h-4z' fill='%23fff'/%3E%3C/svg%3E">
  <title>dashkit demo · a live business dashboard in a few HTML tags</title>
  <script>${FIRST_STAT_SCRIPT}</script>
  <style>${STYLES}</style>
  <script type="module">${DEMO_SCRIPT}</script>
${options.widgets ? '  <script type="module" src="/dist/cdn/dashkit.js"></script>\n' : ''}</head>
<body>
  <a class="skip" href="#dashboard">Skip to the dashboard</a>
  <header class="top">
    <div class="wrap">
      <div class="intro">
        <h1 class="brand">${LOGO}dashkit <span class="badge">demo</span></h1>
        <p class="tagline">A live business dashboard from a few HTML tags: Lit web components over one JSON contract, served here by the reference Node adapter. Every number below comes from the API.</p>
        <ul class="links" aria-label="API">${links}</ul>
      </div>
      <div class="side">
        <div class="controls">
          <label class="locale-picker">
            <span class="sr-only">Language</span>
            <select id="locale">
              <option value="">English</option>
              <option value="fa-IR" lang="fa">فارسی</option>
              <option value="ar-SA" lang="ar">العربية</option>
              <option value="de-DE" lang="de">Deutsch</option>
              <option value="fr-FR" lang="fr">Français</option>
              <option value="es-ES" lang="es">Español</option>
            </select>
          </label>
          <fieldset class="theme">
            <legend>Theme</legend>
            <label><input type="radio" name="theme" value="light"><span>Light</span></label>
            <label><input type="radio" name="theme" value="dark"><span>Dark</span></label>
            <label><input type="radio" name="theme" value="auto" checked><span>Auto</span></label>
          </fieldset>
          ${activity ? activityControls() : ''}
        </div>
${
  activity
    ? `        <div class="activity" id="activity-help">
          <span id="activity-status">Inserts an order, payment or restock every 2 s and runs a simulated accounting sync; the widgets update live.</span>
          <ol id="activity-log" aria-label="Recent activity"></ol>
        </div>\n`
    : ''
}      </div>
    </div>
  </header>
  <main id="dashboard" class="wrap" tabindex="-1">
    ${options.widgets ? dashboard(api) : NOT_BUILT}
    <details class="endpoints" id="endpoints">
      <summary><h2>API endpoints</h2> <span class="count">(${EXAMPLE_QUERIES.length} example requests)</span></summary>
      <ul>
${items}
      </ul>
    </details>
  </main>
  <footer>
    <div class="wrap">
      <p>${about}</p>
      ${options.widgets ? '<p id="first-stat-time"></p>' : ''}
    </div>
  </footer>
</body>
</html>
`;
}
