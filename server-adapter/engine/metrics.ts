/**
 * Metrics are declared, not coded (SPEC §4): each is data the engine
 * compiles to SQL. This file holds the shapes of a definition, the built-in
 * "commerce" definition over the demo schema, and the checks a definition
 * must pass before an engine uses it.
 *
 * Trust model: table and column names are configuration and always quoted;
 * `where` and `expression` are trusted SQL written by the host (never taken
 * from a request), in which `{today}` stands for today's date in the
 * dashboard zone, bound as a parameter.
 */
import type { Label } from './labels.js';
import type { Board } from '../../src/contract/board.js';
import type { Granularity, MetricValue, Point, Topic } from '../../src/contract/index.js';
import { TOPICS } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { InvalidQueryError } from './errors.js';
import type { ReportAccessRules } from './access.js';
import type { ActivityMapping, AgingMapping, LowStockMapping } from './reports-config.js';

export type MetricFormat = 'currency' | 'number' | 'percent' | 'duration';
export type Aggregate = 'sum' | 'count' | 'count_distinct' | 'avg' | 'min' | 'max';

/** Aggregates whose value over a period is the sum of its parts: they can be broken down. */
export const ADDITIVE: ReadonlySet<Aggregate> = new Set(['sum', 'count']);
/** Aggregates that are 0, not undefined, over no rows: an empty bucket is a 0 point. */
export const ZERO_WHEN_EMPTY: ReadonlySet<Aggregate> = new Set(['sum', 'count', 'count_distinct']);

/** One aggregate over one table. */
export interface AggregateSpec {
  /** Table or view, optionally `schema.table`. */
  table: string;
  aggregate: Aggregate;
  /** Column to aggregate (quoted identifier). `count` without column or expression counts rows. */
  column?: string;
  /** Trusted SQL expression to aggregate instead of a column, e.g. `amount - amount_paid`. */
  expression?: string;
  /** Trusted SQL condition on the table's rows, e.g. `state IN ('sale', 'done')`. */
  where?: string;
  /** Scope row filters this table honours: filter name → column, e.g. `{ customer_id: 'customer_id' }`. */
  filterColumns?: Readonly<Record<string, string>>;
}

/** An aggregate over the rows whose time column falls in the period. */
export interface TimedAggregateSpec extends AggregateSpec {
  /** Column placing a row in time. */
  time: string;
  /** `timestamptz` (default): an instant, bucketed in the dashboard zone; `date`: already a local calendar date. */
  timeType?: 'timestamptz' | 'date';
}

interface MetricBase {
  /** Lowercase id used in `metrics=` (`^[a-z][a-z0-9_]*$`). */
  id: string;
  /** One label, or one per locale (`{en: 'Revenue', fa: 'درآمد'}`); `v1/meta` answers in the request's locale. */
  label: Label;
  format: MetricFormat;
  goodDirection: 'up' | 'down';
  description?: Label;
  /** Invalidation topics that can move the metric; defaults to the tables it reads, when they are topics. */
  topics?: readonly Topic[];
  /** When set, only scopes holding one of these roles may ask for the metric. */
  roles?: readonly string[];
}

/** A time-based aggregate: a value per period and per bucket. */
export interface SqlMetric extends MetricBase, TimedAggregateSpec {
  kind: 'sql';
}

/** A point-in-time aggregate (receivables, stock): its value now; no previous value, no trend. */
export interface SnapshotMetric extends MetricBase, AggregateSpec {
  kind: 'snapshot';
}

/**
 * numerator / denominator, `null` when the denominator is 0 or null. Each
 * side is a metric id (a `sql` or `snapshot` metric) or an inline
 * aggregate; both sides must be timed or both point-in-time.
 */
export interface RatioMetric extends MetricBase {
  kind: 'ratio';
  numerator: string | TimedAggregateSpec | AggregateSpec;
  denominator: string | TimedAggregateSpec | AggregateSpec;
  /** Decimal places the ratio is rounded to in SQL (numeric scale); unrounded when absent. */
  scale?: number;
}

export interface MetricFunctionContext {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  scope: Scope;
  /** Start dates of the buckets the engine expects points for. */
  buckets: readonly string[];
  /** The request's filters on the dimensions the metric declares (`dimensions`), by dimension id: narrow by them. */
  filters: Readonly<Record<string, string>>;
}

export interface MetricFunctionResult {
  value: MetricValue;
  /** Points by bucket start; buckets left out count as 0. */
  points: readonly Point[];
}

/** A metric computed by host code, for hosts whose data is not in SQL. */
export interface FunctionMetric extends MetricBase {
  kind: 'function';
  fn: (ctx: MetricFunctionContext) => Promise<MetricFunctionResult>;
  /** false for point-in-time values (no previous, no trend, not in `series`). Default true. */
  timeSeries?: boolean;
  /** Dimension ids the function narrows by itself (it gets them in `filters`); a filter on any other is refused. */
  dimensions?: readonly string[];
}

export type MetricDef = SqlMetric | SnapshotMetric | RatioMetric | FunctionMetric;

/**
 * A dimension to break additive metrics down by: a metric qualifies when it
 * declares `filterColumns[dimension]`, whose values are keys of `table`.
 */
export interface BreakdownDef {
  id: string;
  label: Label;
  dimension: string;
  table: string;
  key: string;
  labelColumn: string;
  topics?: readonly Topic[];
}

/**
 * Something reports can be filtered by (`filter=customer:42`): the column
 * holding its value in each table it narrows. A report takes the filter when
 * the tables it reads are mapped (a metric: every table it aggregates; aging:
 * its invoices or customers table; low stock: its products table).
 */
export interface DimensionDef {
  /** Lowercase id used in `filter=` (`^[a-z][a-z0-9_]*$`); `bucket` is taken by the aging report's own filter. */
  id: string;
  label: Label;
  /** Table (as metrics and report mappings name it, `schema.table` included) → the column holding the value. */
  columns: Readonly<Record<string, string>>;
  /**
   * `integer`: values must be whole numbers and are compared as such (`042` is `42`); `text` (default): any
   * value, bound as a parameter that takes the column's type (a value the column cannot hold is a 400).
   */
  type?: 'integer' | 'text';
  /**
   * Where a value's display label comes from: `column` of the `table` row whose `key` is the value. Without it the
   * value is its own label. `filterColumns` are the scope row filters that table honours, as on a metric: a
   * scoped caller gets no name it could not see otherwise.
   */
  labels?: { table: string; key: string; column: string; filterColumns?: Readonly<Record<string, string>> };
  /** Topics that move the labels; default the label table's, when it is a topic. */
  topics?: readonly Topic[];
}

export interface Definition {
  metrics: readonly MetricDef[];
  breakdowns: readonly BreakdownDef[];
  /** What reports can be filtered by; none when absent. */
  dimensions?: readonly DimensionDef[];
  /** The additive metric and breakdown customer segments rank by; `null` turns segments off. */
  segments?: { metric: string; by: string } | null;
  aging?: AgingMapping;
  lowStock?: LowStockMapping;
  /** Who may read whole reports, by report name (`low-stock`, `aging`…); see engine/access.ts. */
  reports?: ReportAccessRules;
  /** What `v1/activity` lists: the commerce orders when absent; `null` turns the feed off. */
  activity?: ActivityMapping | null;
  /**
   * Data pipelines `v1/status` shows (an ETL job, a nightly sync), reported through
   * `POST v1/status/pipelines/{id}`. Carried by the definition because it comes from the same
   * config file; the engine does not read it.
   */
  pipelines?: readonly PipelineDef[];
  /**
   * Named boards (`v1/boards`, `v1/boards/{id}/render.{format}`), keyed by id. Carried by the
   * definition because they come from the same config file; the engine does not read them.
   */
  boards?: Readonly<Record<string, Board>>;
  /** Scheduled digests as the config file writes them; checked when the server starts (digests/config.ts). */
  digests?: readonly unknown[];
}

/** A data pipeline `v1/status` lists from the start, before its first run is reported. */
export interface PipelineDef {
  /** Lowercase letters, digits, `_` and `-`: the `{id}` of `POST v1/status/pipelines/{id}`. */
  id: string;
  label: string;
}

const CONFIRMED = "state IN ('sale', 'done')";
const ORDERS = { table: 'orders', time: 'ordered_at', filterColumns: { customer_id: 'customer_id' } } as const;
const INVOICES = { table: 'invoices', filterColumns: { customer_id: 'customer_id' } } as const;
const AMOUNT_DUE = 'amount - amount_paid';

/** The built-in definition over the commerce schema (SPEC §4), its labels in en, fa, ar, de, fr and es. */
export const COMMERCE_DEFINITION: Definition = {
  metrics: [
    {
      id: 'revenue',
      label: { en: 'Revenue', de: 'Umsatz', fr: 'Chiffre d’affaires', es: 'Ingresos', fa: 'درآمد', ar: 'الإيرادات' },
      format: 'currency',
      goodDirection: 'up',
      description: {
        en: 'Sum of confirmed (sale or done) order amounts.',
        de: 'Summe der Beträge bestätigter (verkaufter oder erledigter) Bestellungen.',
        fr: 'Somme des montants des commandes confirmées (vendues ou terminées).',
        es: 'Suma de los importes de los pedidos confirmados (vendidos o completados).',
        fa: 'مجموع مبالغ سفارش‌های تأییدشده (فروخته‌شده یا انجام‌شده).',
        ar: 'مجموع مبالغ الطلبات المؤكدة (المبيعة أو المنجزة).',
      },
      kind: 'sql',
      ...ORDERS,
      aggregate: 'sum',
      column: 'amount',
      where: CONFIRMED,
    },
    {
      id: 'orders',
      label: { en: 'Orders', de: 'Bestellungen', fr: 'Commandes', es: 'Pedidos', fa: 'سفارش‌ها', ar: 'الطلبات' },
      format: 'number',
      goodDirection: 'up',
      description: {
        en: 'Number of confirmed (sale or done) orders.',
        de: 'Anzahl bestätigter (verkaufter oder erledigter) Bestellungen.',
        fr: 'Nombre de commandes confirmées (vendues ou terminées).',
        es: 'Número de pedidos confirmados (vendidos o completados).',
        fa: 'تعداد سفارش‌های تأییدشده (فروخته‌شده یا انجام‌شده).',
        ar: 'عدد الطلبات المؤكدة (المبيعة أو المنجزة).',
      },
      kind: 'sql',
      ...ORDERS,
      aggregate: 'count',
      where: CONFIRMED,
    },
    {
      id: 'average_order_value',
      label: {
        en: 'Average order value',
        de: 'Durchschnittlicher Bestellwert',
        fr: 'Panier moyen',
        es: 'Valor medio del pedido',
        fa: 'میانگین ارزش سفارش',
        ar: 'متوسط قيمة الطلب',
      },
      format: 'currency',
      goodDirection: 'up',
      description: {
        en: 'Revenue divided by orders.',
        de: 'Umsatz geteilt durch die Anzahl der Bestellungen.',
        fr: 'Chiffre d’affaires divisé par le nombre de commandes.',
        es: 'Ingresos divididos entre el número de pedidos.',
        fa: 'درآمد تقسیم بر تعداد سفارش‌ها.',
        ar: 'الإيرادات مقسومة على عدد الطلبات.',
      },
      kind: 'ratio',
      numerator: 'revenue',
      denominator: 'orders',
      scale: 2,
    },
    {
      id: 'new_customers',
      label: {
        en: 'New customers',
        de: 'Neukunden',
        fr: 'Nouveaux clients',
        es: 'Clientes nuevos',
        fa: 'مشتریان جدید',
        ar: 'العملاء الجدد',
      },
      format: 'number',
      goodDirection: 'up',
      description: {
        en: 'Customers created in the period.',
        de: 'Im Zeitraum angelegte Kunden.',
        fr: 'Clients créés pendant la période.',
        es: 'Clientes creados en el período.',
        fa: 'مشتریانی که در این دوره ثبت شده‌اند.',
        ar: 'العملاء الذين أُنشئوا خلال الفترة.',
      },
      kind: 'sql',
      table: 'customers',
      time: 'created_at',
      aggregate: 'count',
      filterColumns: { customer_id: 'id' },
    },
    {
      id: 'conversion_rate',
      label: {
        en: 'Conversion rate',
        de: 'Konversionsrate',
        fr: 'Taux de conversion',
        es: 'Tasa de conversión',
        fa: 'نرخ تبدیل',
        ar: 'معدل التحويل',
      },
      format: 'percent',
      goodDirection: 'up',
      description: {
        en: 'Confirmed orders as a share of all orders that left draft (cancelled ones included).',
        de: 'Anteil bestätigter Bestellungen an allen Bestellungen, die den Entwurf verlassen haben (stornierte eingeschlossen).',
        fr: 'Part des commandes confirmées parmi toutes les commandes sorties du brouillon (annulées comprises).',
        es: 'Proporción de pedidos confirmados sobre todos los que salieron de borrador (cancelados incluidos).',
        fa: 'سهم سفارش‌های تأییدشده از همهٔ سفارش‌هایی که از پیش‌نویس خارج شده‌اند (با احتساب لغوشده‌ها).',
        ar: 'نسبة الطلبات المؤكدة من جميع الطلبات التي تجاوزت مرحلة المسودة (بما فيها الملغاة).',
      },
      kind: 'ratio',
      numerator: 'orders',
      denominator: { ...ORDERS, aggregate: 'count', where: "state <> 'draft'" },
    },
    {
      id: 'receivables',
      label: {
        en: 'Receivables',
        de: 'Forderungen',
        fr: 'Créances clients',
        es: 'Cuentas por cobrar',
        fa: 'مطالبات',
        ar: 'الذمم المدينة',
      },
      format: 'currency',
      goodDirection: 'down',
      description: {
        en: 'Amount due on open invoices, now.',
        de: 'Offener Betrag aus unbezahlten Rechnungen, aktuell.',
        fr: 'Montant restant dû sur les factures ouvertes, à ce jour.',
        es: 'Importe pendiente de las facturas abiertas, a día de hoy.',
        fa: 'مبلغ پرداخت‌نشدهٔ فاکتورهای باز، در حال حاضر.',
        ar: 'المبلغ المستحق على الفواتير المفتوحة حاليًا.',
      },
      kind: 'snapshot',
      ...INVOICES,
      aggregate: 'sum',
      expression: AMOUNT_DUE,
      where: `${AMOUNT_DUE} > 0`,
    },
    {
      id: 'overdue',
      label: {
        en: 'Overdue',
        de: 'Überfällig',
        fr: 'En retard',
        es: 'Vencido',
        fa: 'سررسیدگذشته',
        ar: 'متأخرة السداد',
      },
      format: 'currency',
      goodDirection: 'down',
      description: {
        en: 'Amount due on open invoices past their due date, now.',
        de: 'Offener Betrag aus Rechnungen nach Fälligkeit, aktuell.',
        fr: 'Montant restant dû sur les factures ouvertes échues, à ce jour.',
        es: 'Importe pendiente de las facturas abiertas ya vencidas, a día de hoy.',
        fa: 'مبلغ پرداخت‌نشدهٔ فاکتورهای باز که سررسیدشان گذشته است، در حال حاضر.',
        ar: 'المبلغ المستحق على الفواتير المفتوحة التي تجاوزت تاريخ استحقاقها حاليًا.',
      },
      kind: 'snapshot',
      ...INVOICES,
      aggregate: 'sum',
      expression: AMOUNT_DUE,
      where: `${AMOUNT_DUE} > 0 AND due_on < {today}`,
    },
    {
      id: 'low_stock_items',
      label: {
        en: 'Low-stock items',
        de: 'Artikel mit niedrigem Bestand',
        fr: 'Articles en stock faible',
        es: 'Artículos con poco stock',
        fa: 'کالاهای کم‌موجودی',
        ar: 'أصناف منخفضة المخزون',
      },
      format: 'number',
      goodDirection: 'down',
      description: {
        en: 'Products at or below their reorder level.',
        de: 'Produkte auf oder unter ihrem Meldebestand.',
        fr: 'Produits au niveau de réapprovisionnement ou en dessous.',
        es: 'Productos en su punto de pedido o por debajo.',
        fa: 'کالاهایی که موجودی‌شان به نقطهٔ سفارش مجدد یا کمتر رسیده است.',
        ar: 'المنتجات التي بلغت حد إعادة الطلب أو أقل منه.',
      },
      kind: 'snapshot',
      table: 'products',
      aggregate: 'count',
      where: 'quantity <= reorder_level',
    },
    {
      id: 'out_of_stock_items',
      label: {
        en: 'Out-of-stock items',
        de: 'Nicht vorrätige Artikel',
        fr: 'Articles en rupture de stock',
        es: 'Artículos agotados',
        fa: 'کالاهای ناموجود',
        ar: 'أصناف نفد مخزونها',
      },
      format: 'number',
      goodDirection: 'down',
      description: {
        en: 'Products with no stock left.',
        de: 'Produkte ohne verbleibenden Bestand.',
        fr: 'Produits sans stock restant.',
        es: 'Productos sin existencias.',
        fa: 'کالاهایی که موجودی ندارند.',
        ar: 'المنتجات التي نفد مخزونها.',
      },
      kind: 'snapshot',
      table: 'products',
      aggregate: 'count',
      where: 'quantity <= 0',
    },
  ],
  breakdowns: [
    {
      id: 'customer',
      label: { en: 'Customer', de: 'Kunde', fr: 'Client', es: 'Cliente', fa: 'مشتری', ar: 'العميل' },
      dimension: 'customer_id',
      table: 'customers',
      key: 'id',
      labelColumn: 'name',
      topics: ['customers'],
    },
  ],
  // Customers also by their own id, so that `new_customers` narrows too (1 or 0: whether that customer is new).
  dimensions: [
    {
      id: 'customer',
      label: { en: 'Customer', de: 'Kunde', fr: 'Client', es: 'Cliente', fa: 'مشتری', ar: 'العميل' },
      columns: { orders: 'customer_id', invoices: 'customer_id', customers: 'id' },
      type: 'integer',
      labels: { table: 'customers', key: 'id', column: 'name', filterColumns: { customer_id: 'id' } },
      topics: ['customers'],
    },
  ],
  segments: { metric: 'revenue', by: 'customer' },
};

/** Whether a metric has values per period (usable in `series` and `trend`). */
export function isTimeSeries(metric: MetricDef, definition: Definition): boolean {
  switch (metric.kind) {
    case 'sql':
      return true;
    case 'snapshot':
      return false;
    case 'function':
      return metric.timeSeries !== false;
    case 'ratio':
      return isTimed(metric.numerator, definition);
  }
}

function isTimed(part: RatioMetric['numerator'], definition: Definition): boolean {
  if (typeof part !== 'string') return (part as Partial<TimedAggregateSpec>).time !== undefined;
  return findMetric(definition, part)?.kind === 'sql';
}

export function findMetric(definition: Definition, id: string): MetricDef | undefined {
  return definition.metrics.find((m) => m.id === id);
}

/** The topic a table is, when its name is one (`sales.orders` → `orders`). */
export function tableTopic(table: string): Topic[] {
  const name = table.split('.').pop() ?? table;
  return (TOPICS as readonly string[]).includes(name) ? [name as Topic] : [];
}

/** Topics a metric depends on: its own list, else the tables it reads that are topics. */
export function metricTopics(metric: MetricDef, definition: Definition): Topic[] {
  if (metric.topics) return [...metric.topics];
  if (metric.kind === 'sql' || metric.kind === 'snapshot') return tableTopic(metric.table);
  if (metric.kind === 'function') return [];
  const part = (p: RatioMetric['numerator']): Topic[] => {
    if (typeof p !== 'string') return tableTopic(p.table);
    const m = findMetric(definition, p);
    return m ? metricTopics(m, definition) : [];
  };
  return [...new Set([...part(metric.numerator), ...part(metric.denominator)])];
}

/** Topics deduplicated, in one order (cache tags compare as lists). */
export function sortedTopics(topics: Iterable<Topic>): Topic[] {
  return [...new Set(topics)].sort();
}

/** Topics the metrics `ids` depend on; an unknown id is an InvalidQueryError naming `param`. */
export function metricsTopics(definition: Definition, ids: readonly string[], param: string): Topic[] {
  return sortedTopics(resolveMetrics(definition, ids, param).flatMap((m) => metricTopics(m, definition)));
}

/** Looks metrics up by id; an unknown id is a 400 naming `param` and listing the known ids. */
export function resolveMetrics(definition: Definition, ids: readonly string[], param: string): MetricDef[] {
  return ids.map((id) => {
    const metric = findMetric(definition, id);
    if (!metric) {
      const known = definition.metrics.map((m) => m.id).join(', ');
      throw InvalidQueryError.param(param, `unknown metric "${id}"; known: ${known}`);
    }
    return metric;
  });
}

export function resolveBreakdown(definition: Definition, id: string): BreakdownDef {
  const breakdown = definition.breakdowns.find((b) => b.id === id);
  if (!breakdown) {
    const known = definition.breakdowns.map((b) => b.id).join(', ') || '(none)';
    throw InvalidQueryError.param('by', `unknown breakdown "${id}"; known: ${known}`);
  }
  return breakdown;
}
