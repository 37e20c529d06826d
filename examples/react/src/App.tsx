import { useState } from 'react';
// One module per element: only what the page uses is bundled (ECharts stays a lazy chunk).
import 'dashkitjs/board';
import 'dashkitjs/chart';
import 'dashkitjs/period-filter';
import 'dashkitjs/stat-grid';
import type { DashPeriod } from 'dashkitjs/jsx';

const STORAGE_KEY = 'dashboard-period';

function savedPeriod(): Partial<DashPeriod> {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<DashPeriod>;
  } catch {
    return {};
  }
}

export function App({ token }: { token: string }) {
  const [period, setPeriod] = useState(savedPeriod);

  return (
    <main style={{ maxWidth: '72rem', margin: '0 auto', padding: '1.5rem', fontFamily: 'system-ui, sans-serif' }}>
      <h1>Sales dashboard</h1>
      <p role="status">
        Saved period: <strong>{period.range ?? 'server default'}</strong>
        {period.range === 'custom' && ` (${period.from} – ${period.to})`}
      </p>
      <dash-board
        src="/api"
        token={token}
        range={period.range}
        from={period.from}
        to={period.to}
        compare={period.compare}
        ondash-period-change={(event) => {
          localStorage.setItem(STORAGE_KEY, JSON.stringify(event.detail));
          setPeriod(event.detail);
        }}
      >
        <dash-period-filter />
        <dash-stat-grid metrics="revenue,orders,average_order_value,conversion_rate" />
        <dash-chart metrics="revenue,orders" type="bar" granularity="week" />
      </dash-board>
    </main>
  );
}
