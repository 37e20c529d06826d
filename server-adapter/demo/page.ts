/**
 * The demo page `dashkit serve` shows at `/`: every endpoint with example
 * queries, and the widgets when the CDN bundle has been built.
 */

export interface DemoPageOptions {
  /** Where the contract is mounted (`''` or e.g. `/dashboard/api`). */
  basePath: string;
  /** Whether `/dist/cdn/dashkit.js` exists, so the widgets can be shown. */
  widgets: boolean;
  timezone: string;
  currency: string;
  /** What the data comes from, e.g. `pglite demo`. */
  sourceLabel: string;
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
  { path: 'v1/low-stock?limit=10', about: 'most urgent products' },
  { path: 'v1/health', about: 'source, cache and latency' },
  { path: 'v1/export/aging.csv', about: 'aging as CSV' },
  { path: 'v1/export/low-stock.csv', about: 'low stock as CSV' },
  { path: 'v1/export/series.csv?metrics=revenue,orders&range=30d', about: 'series as CSV' },
  { path: 'v1/stats?metrics=revenue&range=fortnight', about: 'a bad parameter: 400 naming it' },
];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function widgetsSection(api: string): string {
  return `
  <section aria-labelledby="widgets-title">
    <h2 id="widgets-title">Widgets</h2>
    <dash-board src="${escapeHtml(api)}" range="30d">
      <dash-period-filter></dash-period-filter>
      <dash-stat-grid metrics="revenue,orders,average_order_value,new_customers"></dash-stat-grid>
      <dash-chart metrics="revenue" type="area"></dash-chart>
      <dash-chart breakdown="customer" type="donut"></dash-chart>
      <dash-aging-table></dash-aging-table>
      <dash-low-stock limit="10"></dash-low-stock>
    </dash-board>
  </section>
  <script type="module" src="/dist/cdn/dashkit.js"></script>`;
}

/** The HTML of the demo page. */
export function demoPage(options: DemoPageOptions): string {
  const api = `${options.basePath}/`;
  const items = EXAMPLE_QUERIES.map(({ path, about }) => {
    const href = escapeHtml(`${api}${path}`);
    return `      <li><a href="${href}"><code>${escapeHtml(`${api}${path}`)}</code></a> — ${escapeHtml(about)}</li>`;
  }).join('\n');
  const widgets = options.widgets
    ? widgetsSection(api)
    : `
  <p class="note">The widgets appear here once the CDN bundle is built (<code>npm run build</code> writes <code>dist/cdn/dashkit.js</code>).</p>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>dashkit demo</title>
  <style>
    :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
    body { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
    code { font-size: 0.9em; }
    li { margin: 0.25rem 0; }
    .note { padding: 0.75rem 1rem; border-left: 4px solid #888; background: color-mix(in srgb, currentColor 6%, transparent); }
    dash-board { display: grid; gap: 1rem; }
  </style>
</head>
<body>
  <header>
    <h1>dashkit</h1>
    <p>Serving contract v1 at <code>${escapeHtml(api)}v1/</code> from ${escapeHtml(options.sourceLabel)}, time zone ${escapeHtml(options.timezone)}, currency ${escapeHtml(options.currency)}.</p>
  </header>
  <main>
${widgets}
  <section aria-labelledby="endpoints-title">
    <h2 id="endpoints-title">Endpoints</h2>
    <ul>
${items}
    </ul>
  </section>
  </main>
</body>
</html>
`;
}
