/**
 * `GET {base}/v1/export/{report}.csv`: a report as a CSV download. Takes the
 * JSON report's parameters; paged reports (aging, low-stock) take no
 * `limit`/`offset` and are read page by page to the end while streaming. The
 * first page is computed before answering, so a bad request or a down
 * database still gets a proper status instead of a truncated file.
 */
import {
  AgingParams,
  type AgingResponse,
  BreakdownParams,
  type BreakdownResponse,
  EXPORT_REPORTS,
  type ExportReport,
  LowStockParams,
  type LowStockResponse,
  MAX_LIMIT,
  SegmentsParams,
  type SegmentsResponse,
  SeriesParams,
  type SeriesResponse,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { type Column, csvStream } from '../csv.js';
import { todayIn } from '../engine/calendar.js';
import type { Body, Engine, EngineReport } from '../engine/types.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { HandlerRoute, ServerState } from './context.js';
import { READ_METHODS } from './methods.js';
import { parseParams } from './respond.js';

type Row = Record<string, unknown>;

/** How one report becomes CSV. */
interface Exporter {
  /** Reads every page (or the only one) as rows; the first value carries the columns. */
  open(
    engine: Engine,
    query: URLSearchParams,
    scope: Scope,
  ): Promise<{ columns: Column<Row>[]; date?: string; pages: AsyncIterator<Row[]> }>;
}

const text = (header: string, key = header): Column<Row> => ({ header, kind: 'text', value: (r) => r[key] as string });
const num = (header: string, key = header): Column<Row> => ({ header, kind: 'number', value: (r) => r[key] as number });

/** Rows of a report that fits in one response. */
async function* once(rows: Row[]): AsyncGenerator<Row[]> {
  yield rows;
}

/** Rows of a paged report: the first page already fetched, then the rest, `MAX_LIMIT` at a time. */
async function* paged<T extends { total: number }>(
  first: T,
  rowsOf: (page: T) => Row[],
  fetchPage: (offset: number) => Promise<T>,
): AsyncGenerator<Row[]> {
  let page = first;
  let offset = 0;
  for (;;) {
    const rows = rowsOf(page);
    yield rows;
    offset += rows.length;
    // An empty page ends the loop even if `total` grew meanwhile.
    if (rows.length === 0 || offset >= page.total) return;
    page = await fetchPage(offset);
  }
}

/** Paged reports return every row: a page size or position would silently cut the file. */
function rejectPaging(query: URLSearchParams): void {
  const errors = ['limit', 'offset']
    .filter((p) => query.has(p))
    .map((param) => ({ param, message: 'not accepted by the CSV export, which always returns every row' }));
  if (errors.length > 0) throw new BadRequestError(errors);
}

/** The same checks as the JSON report: the engine names unknown metrics and breakdowns when asked their topics. */
function checked<P extends object>(report: EngineReport<P, unknown>, params: P): P {
  report.topics(params);
  return params;
}

const EXPORTERS: Record<ExportReport, Exporter> = {
  aging: {
    async open(engine, query, scope) {
      rejectPaging(query);
      const params = checked(engine.aging, parseParams(AgingParams, query));
      const fetchPage = (offset: number) => engine.aging.compute({ ...params, limit: MAX_LIMIT, offset }, scope);
      const first = await fetchPage(0);
      const columns = [
        text('id'),
        text('name'),
        num('total'),
        num('overdue'),
        ...first.buckets.map((b): Column<Row> => ({
          header: b.id,
          kind: 'number',
          value: (r) => (r['buckets'] as Record<string, string>)[b.id],
        })),
        num('invoices'),
        num('oldestDaysOverdue'),
      ];
      const rowsOf = (page: Body<AgingResponse>) => page.customers as unknown as Row[];
      return { columns, date: first.asOf, pages: paged(first, rowsOf, fetchPage) };
    },
  },
  'low-stock': {
    async open(engine, query, scope) {
      rejectPaging(query);
      const params = checked(engine.lowStock, parseParams(LowStockParams, query));
      const fetchPage = (offset: number) => engine.lowStock.compute({ ...params, limit: MAX_LIMIT, offset }, scope);
      const first = await fetchPage(0);
      const columns = [
        text('id'),
        text('sku'),
        text('name'),
        num('quantity'),
        num('reorderLevel'),
        text('status'),
        num('dailyDemand'),
        num('daysOfCover'),
      ];
      const rowsOf = (page: Body<LowStockResponse>) => page.items as unknown as Row[];
      return { columns, pages: paged(first, rowsOf, fetchPage) };
    },
  },
  breakdown: {
    async open(engine, query, scope) {
      const body: Body<BreakdownResponse> = await engine.breakdown.compute(
        checked(engine.breakdown, parseParams(BreakdownParams, query)),
        scope,
      );
      return {
        columns: [text('key'), text('label'), num('value'), num('share')],
        pages: once(body.rows as unknown as Row[]),
      };
    },
  },
  series: {
    async open(engine, query, scope) {
      const body: Body<SeriesResponse> = await engine.series.compute(
        checked(engine.series, parseParams(SeriesParams, query)),
        scope,
      );
      // Wide: one row per bucket, one column per metric (and its comparison, when asked for).
      const columns: Column<Row>[] = [text('t')];
      for (const s of body.series) {
        columns.push(num(s.metric, `m:${s.metric}`));
        if (s.previous) columns.push(num(`${s.metric}_previous`, `p:${s.metric}`));
      }
      const rows = (body.series[0]?.points ?? []).map((point, i) => {
        const row: Row = { t: point.t };
        for (const s of body.series) {
          row[`m:${s.metric}`] = s.points[i]?.v;
          if (s.previous) row[`p:${s.metric}`] = s.previous[i]?.v;
        }
        return row;
      });
      return { columns, pages: once(rows) };
    },
  },
  segments: {
    async open(engine, query, scope) {
      const body: Body<SegmentsResponse> = await engine.segments.compute(
        checked(engine.segments, parseParams(SegmentsParams, query)),
        scope,
      );
      const rows = body.segments.map((s) => ({ ...s, topCustomers: s.topCustomers.map((c) => c.name).join('; ') }));
      return {
        columns: [text('segment'), num('customers'), num('revenue'), num('averageRevenue'), text('topCustomers')],
        pages: once(rows),
      };
    },
  },
};

function isExportReport(name: string): name is ExportReport {
  return (EXPORT_REPORTS as readonly string[]).includes(name);
}

export const exportRoute: HandlerRoute = {
  kind: 'handler',
  name: 'export',
  pattern: 'v1/export/{file}',
  methods: READ_METHODS,
  async handle(state: ServerState, request) {
    const file = request.params['file'] ?? '';
    const report = file.endsWith('.csv') ? file.slice(0, -'.csv'.length) : '';
    if (!isExportReport(report)) {
      throw new NotFoundError(
        `no CSV export ${JSON.stringify(file)}; available: ${EXPORT_REPORTS.map((r) => `${r}.csv`).join(', ')}`,
      );
    }
    const scope = await request.scope();
    state.engine.checkAccess?.(report, scope);
    const { columns, date, pages } = await EXPORTERS[report].open(state.engine, request.url.searchParams, scope);
    const filename = `${report}-${date ?? todayIn(state.now(), state.timezone)}.csv`;
    const headers = {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    };
    if (request.request.method === 'HEAD') {
      await pages.return?.();
      return new Response(null, { status: 200, headers });
    }
    const body = csvStream(columns, pages, (error) =>
      state.logger.error('CSV export failed mid-stream', { report, error: String(error) }),
    );
    return new Response(body, { status: 200, headers });
  },
};
