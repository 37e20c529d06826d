/**
 * `GET {base}/v1/export/{report}.csv`: a report as a CSV download. Takes the
 * JSON report's parameters; paged reports (aging, low-stock) take no
 * `limit`/`offset` and stream every row from ONE statement (the engine's
 * `rows`, a cursor on PostgreSQL) as the client reads — never a page query
 * per thousand rows, each re-running the aggregate. The first rows are read
 * before answering, so a bad request or a down database still gets a proper
 * status instead of a truncated file. Exports run a few at a time per caller
 * and per instance (export-gate.ts); a client leaving mid-download just ends it.
 */
import {
  AgingParams,
  type AgingResponse,
  DEFAULT_BUCKET_BOUNDS,
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
import { scopeKey, type Scope } from '../auth/scope.js';
import { type Column, csvStream } from '../csv.js';
import { agingBuckets } from '../engine/aging.js';
import { todayIn } from '../engine/calendar.js';
import type { Body, EngineReport } from '../engine/types.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { HandlerRoute, ServerState } from './context.js';
import { READ_METHODS } from './methods.js';
import { parseParams } from './respond.js';

type Row = Record<string, unknown>;

/** How one report becomes CSV. */
interface Exporter {
  /** Reads every page (or the only one) as rows; the first value carries the columns. */
  open(
    state: ServerState,
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

/**
 * The rows of an engine's one-statement export, its first batch already read
 * (so a failure is still a status, not a truncated file). Returning it
 * returns the engine's generator, which releases its connection — even when
 * nothing was read yet.
 */
async function primed<T>(rows: AsyncGenerator<T[], void, undefined>): Promise<AsyncIterator<Row[]>> {
  const first = await rows.next();
  let pending: IteratorResult<T[], void> | undefined = first.done ? undefined : first;
  return {
    async next() {
      const next = pending ?? (await rows.next());
      pending = undefined;
      return next.done ? { done: true, value: undefined } : { done: false, value: next.value as unknown as Row[] };
    },
    async return() {
      pending = undefined;
      await rows.return(undefined);
      return { done: true, value: undefined };
    },
  };
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
    async open(state, query, scope) {
      rejectPaging(query);
      const { engine } = state;
      const params = checked(engine.aging, parseParams(AgingParams, query));
      const buckets = agingBuckets(params.buckets ?? DEFAULT_BUCKET_BOUNDS);
      const columns = [
        text('id'),
        text('name'),
        num('total'),
        num('overdue'),
        ...buckets.map((b): Column<Row> => ({
          header: b.id,
          kind: 'number',
          value: (r) => (r['buckets'] as Record<string, string>)[b.id],
        })),
        num('invoices'),
        num('oldestDaysOverdue'),
      ];
      if (engine.aging.rows) {
        const date = params.asOf ?? todayIn(state.now(), state.timezone);
        return { columns, date, pages: await primed(engine.aging.rows(params, scope)) };
      }
      // An engine without `rows` (a host's own): page through the JSON report.
      const fetchPage = (offset: number) => engine.aging.compute({ ...params, limit: MAX_LIMIT, offset }, scope);
      const first = await fetchPage(0);
      const rowsOf = (page: Body<AgingResponse>) => page.customers as unknown as Row[];
      return { columns, date: first.asOf, pages: paged(first, rowsOf, fetchPage) };
    },
  },
  'low-stock': {
    async open(state, query, scope) {
      rejectPaging(query);
      const { engine } = state;
      const params = checked(engine.lowStock, parseParams(LowStockParams, query));
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
      if (engine.lowStock.rows) return { columns, pages: await primed(engine.lowStock.rows(params, scope)) };
      const fetchPage = (offset: number) => engine.lowStock.compute({ ...params, limit: MAX_LIMIT, offset }, scope);
      const first = await fetchPage(0);
      const rowsOf = (page: Body<LowStockResponse>) => page.items as unknown as Row[];
      return { columns, pages: paged(first, rowsOf, fetchPage) };
    },
  },
  breakdown: {
    async open({ engine }, query, scope) {
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
    async open({ engine }, query, scope) {
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
    async open({ engine }, query, scope) {
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
    // One caller is a subject when the scope names one, else everyone sharing its roles and filters.
    const release = state.exports.enter(
      scope.subject === undefined ? `scope:${scopeKey(scope)}` : `sub:${scope.subject}`,
    );
    let opened: Awaited<ReturnType<Exporter['open']>>;
    try {
      opened = await EXPORTERS[report].open(state, request.url.searchParams, scope);
    } catch (error) {
      release();
      throw error;
    }
    const { columns, date, pages } = opened;
    const filename = `${report}-${date ?? todayIn(state.now(), state.timezone)}.csv`;
    const headers = {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    };
    if (request.request.method === 'HEAD') {
      await pages.return?.();
      release();
      return new Response(null, { status: 200, headers });
    }
    const body = csvStream(columns, pages, {
      onError: (error) => state.logger.error('CSV export failed mid-stream', { report, error: String(error) }),
      onEnd: release,
    });
    return new Response(body, { status: 200, headers });
  },
};
