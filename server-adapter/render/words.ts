/**
 * The words a rendered board writes itself — table headings, "As of …",
 * "vs …", the activity feed's columns and statuses, "(continued)", chart
 * series and axis names — in the board's locale, so a `fa-IR` or `ar-SA` PDF,
 * PNG, HTML or digest has no English word the page author did not write.
 *
 * The same six languages as the server's other words (engine/labels.ts:
 * period and bucket labels); another language gets English. Server-only: the
 * widgets carry their own catalogs, and none of this enters the browser bundle.
 */
import { SERVER_LANGUAGES } from '../engine/labels.js';

type Language = (typeof SERVER_LANGUAGES)[number];

/** Every word the renderer writes, in one language. `{x}` placeholders are filled in by the helpers below. */
export interface RenderWords {
  asOfNow: string;
  /** "vs {dates}". */
  vs: string;
  /** "As of {date}". */
  asOf: string;
  byDueDate: string;
  byInvoiceDate: string;
  up: string;
  down: string;
  unchanged: string;
  noChange: string;
  againstPrevious: string;
  againstYearAgo: string;
  receivablesAging: string;
  receivable: string;
  overdue: string;
  customers: string;
  atRisk: string;
  customer: string;
  total: string;
  noReceivables: string;
  lowStock: string;
  product: string;
  status: string;
  stock: string;
  cover: string;
  soldPerDay: string;
  outOfStock: string;
  low: string;
  /** "{quantity}, reorder at {level}". */
  reorderAt: string;
  /** "{n} out of stock". */
  outOfStockCount: string;
  allAbove: string;
  activity: string;
  when: string;
  what: string;
  amount: string;
  noActivity: string;
  /** "Order #{id}". */
  order: string;
  /** Order states of the commerce schema (the activity feed's default status). */
  states: Readonly<Record<string, string>>;
  /** "{title} (continued)". */
  continued: string;
  noData: string;
  /** "Generated {date}". */
  generated: string;
  /** Joins metric names in a chart title: "Revenue and orders". */
  and: string;
  previousPeriod: string;
  sameLastYear: string;
  /** "{metric} by {breakdown}". */
  by: string;
  /** "Week of {date}". */
  weekOf: string;
  date: string;
  week: string;
  month: string;
  share: string;
  age: string;
  amountDue: string;
  receivablesByAge: string;
}

const WORDS: Record<Language, RenderWords> = {
  en: {
    asOfNow: 'As of now',
    vs: 'vs {dates}',
    asOf: 'As of {date}',
    byDueDate: 'by due date',
    byInvoiceDate: 'by invoice date',
    up: 'up',
    down: 'down',
    unchanged: 'unchanged',
    noChange: 'no change figure',
    againstPrevious: 'against the previous period',
    againstYearAgo: 'against the same period last year',
    receivablesAging: 'Receivables aging',
    receivable: 'Receivable',
    overdue: 'Overdue',
    customers: 'Customers',
    atRisk: 'At risk (over 90 days)',
    customer: 'Customer',
    total: 'Total',
    noReceivables: 'No open receivables.',
    lowStock: 'Low stock',
    product: 'Product',
    status: 'Status',
    stock: 'Stock',
    cover: 'Cover',
    soldPerDay: 'Sold / day',
    outOfStock: 'Out of stock',
    low: 'Low',
    reorderAt: '{quantity}, reorder at {level}',
    outOfStockCount: '{n} out of stock',
    allAbove: 'All products are above their reorder level.',
    activity: 'Activity',
    when: 'When',
    what: 'What',
    amount: 'Amount',
    noActivity: 'No activity yet.',
    order: 'Order #{id}',
    states: {},
    continued: '{title} (continued)',
    noData: 'No data for this period.',
    generated: 'Generated {date}',
    and: ' and ',
    previousPeriod: 'previous period',
    sameLastYear: 'same period last year',
    by: '{metric} by {breakdown}',
    weekOf: 'Week of {date}',
    date: 'Date',
    week: 'Week',
    month: 'Month',
    share: 'Share',
    age: 'Age',
    amountDue: 'Amount due',
    receivablesByAge: 'Receivables by age',
  },
  de: {
    asOfNow: 'Stand jetzt',
    vs: 'ggü. {dates}',
    asOf: 'Stand {date}',
    byDueDate: 'nach Fälligkeit',
    byInvoiceDate: 'nach Rechnungsdatum',
    up: 'gestiegen um',
    down: 'gesunken um',
    unchanged: 'unverändert',
    noChange: 'keine Veränderung bekannt',
    againstPrevious: 'gegenüber dem Vorzeitraum',
    againstYearAgo: 'gegenüber dem Vorjahreszeitraum',
    receivablesAging: 'Altersstruktur der Forderungen',
    receivable: 'Forderungen',
    overdue: 'Überfällig',
    customers: 'Kunden',
    atRisk: 'Gefährdet (über 90 Tage)',
    customer: 'Kunde',
    total: 'Gesamt',
    noReceivables: 'Keine offenen Forderungen.',
    lowStock: 'Niedriger Bestand',
    product: 'Produkt',
    status: 'Status',
    stock: 'Bestand',
    cover: 'Reichweite',
    soldPerDay: 'Verkauft / Tag',
    outOfStock: 'Ausverkauft',
    low: 'Niedrig',
    reorderAt: '{quantity}, nachbestellen bei {level}',
    outOfStockCount: '{n} ausverkauft',
    allAbove: 'Alle Produkte liegen über ihrem Meldebestand.',
    activity: 'Aktivität',
    when: 'Wann',
    what: 'Was',
    amount: 'Betrag',
    noActivity: 'Noch keine Aktivität.',
    order: 'Bestellung Nr. {id}',
    states: {
      draft: 'Entwurf',
      sent: 'Gesendet',
      sale: 'Verkauft',
      done: 'Erledigt',
      cancel: 'Storniert',
    },
    continued: '{title} (Fortsetzung)',
    noData: 'Keine Daten für diesen Zeitraum.',
    generated: 'Erstellt {date}',
    and: ' und ',
    previousPeriod: 'Vorzeitraum',
    sameLastYear: 'Vorjahreszeitraum',
    by: '{metric} nach {breakdown}',
    weekOf: 'Woche vom {date}',
    date: 'Datum',
    week: 'Woche',
    month: 'Monat',
    share: 'Anteil',
    age: 'Alter',
    amountDue: 'Fälliger Betrag',
    receivablesByAge: 'Forderungen nach Alter',
  },
  fr: {
    asOfNow: 'À ce jour',
    vs: 'vs {dates}',
    asOf: 'Au {date}',
    byDueDate: 'par date d’échéance',
    byInvoiceDate: 'par date de facture',
    up: 'en hausse de',
    down: 'en baisse de',
    unchanged: 'inchangé',
    noChange: 'aucune variation connue',
    againstPrevious: 'par rapport à la période précédente',
    againstYearAgo: 'par rapport à la même période l’an dernier',
    receivablesAging: 'Balance âgée des créances',
    receivable: 'Créances',
    overdue: 'En retard',
    customers: 'Clients',
    atRisk: 'À risque (plus de 90 jours)',
    customer: 'Client',
    total: 'Total',
    noReceivables: 'Aucune créance ouverte.',
    lowStock: 'Stock bas',
    product: 'Produit',
    status: 'État',
    stock: 'Stock',
    cover: 'Couverture',
    soldPerDay: 'Vendus / jour',
    outOfStock: 'En rupture',
    low: 'Bas',
    reorderAt: '{quantity}, réapprovisionner à {level}',
    outOfStockCount: '{n} en rupture',
    allAbove: 'Tous les produits sont au-dessus de leur seuil de réapprovisionnement.',
    activity: 'Activité',
    when: 'Quand',
    what: 'Quoi',
    amount: 'Montant',
    noActivity: 'Aucune activité pour l’instant.',
    order: 'Commande n° {id}',
    states: { draft: 'Brouillon', sent: 'Envoyée', sale: 'Vendue', done: 'Terminée', cancel: 'Annulée' },
    continued: '{title} (suite)',
    noData: 'Aucune donnée pour cette période.',
    generated: 'Généré le {date}',
    and: ' et ',
    previousPeriod: 'période précédente',
    sameLastYear: 'même période l’an dernier',
    by: '{metric} par {breakdown}',
    weekOf: 'Semaine du {date}',
    date: 'Date',
    week: 'Semaine',
    month: 'Mois',
    share: 'Part',
    age: 'Âge',
    amountDue: 'Montant dû',
    receivablesByAge: 'Créances par âge',
  },
  es: {
    asOfNow: 'A día de hoy',
    vs: 'vs. {dates}',
    asOf: 'A {date}',
    byDueDate: 'por fecha de vencimiento',
    byInvoiceDate: 'por fecha de factura',
    up: 'sube',
    down: 'baja',
    unchanged: 'sin cambios',
    noChange: 'sin cifra de variación',
    againstPrevious: 'respecto al período anterior',
    againstYearAgo: 'respecto al mismo período del año anterior',
    receivablesAging: 'Antigüedad de cuentas por cobrar',
    receivable: 'Por cobrar',
    overdue: 'Vencido',
    customers: 'Clientes',
    atRisk: 'En riesgo (más de 90 días)',
    customer: 'Cliente',
    total: 'Total',
    noReceivables: 'No hay cuentas por cobrar abiertas.',
    lowStock: 'Existencias bajas',
    product: 'Producto',
    status: 'Estado',
    stock: 'Existencias',
    cover: 'Cobertura',
    soldPerDay: 'Vendidos / día',
    outOfStock: 'Agotado',
    low: 'Bajo',
    reorderAt: '{quantity}, reponer en {level}',
    outOfStockCount: '{n} agotados',
    allAbove: 'Todos los productos están por encima de su nivel de reposición.',
    activity: 'Actividad',
    when: 'Cuándo',
    what: 'Qué',
    amount: 'Importe',
    noActivity: 'Todavía no hay actividad.',
    order: 'Pedido n.º {id}',
    states: { draft: 'Borrador', sent: 'Enviado', sale: 'Vendido', done: 'Completado', cancel: 'Cancelado' },
    continued: '{title} (continuación)',
    noData: 'No hay datos para este período.',
    generated: 'Generado el {date}',
    and: ' y ',
    previousPeriod: 'período anterior',
    sameLastYear: 'mismo período del año anterior',
    by: '{metric} por {breakdown}',
    weekOf: 'Semana del {date}',
    date: 'Fecha',
    week: 'Semana',
    month: 'Mes',
    share: 'Proporción',
    age: 'Antigüedad',
    amountDue: 'Importe adeudado',
    receivablesByAge: 'Cuentas por cobrar por antigüedad',
  },
  fa: {
    asOfNow: 'تا این لحظه',
    vs: 'در برابر {dates}',
    asOf: 'تا {date}',
    byDueDate: 'بر پایهٔ سررسید',
    byInvoiceDate: 'بر پایهٔ تاریخ فاکتور',
    up: 'افزایش',
    down: 'کاهش',
    unchanged: 'بدون تغییر',
    noChange: 'رقم تغییر در دست نیست',
    againstPrevious: 'نسبت به دورهٔ قبل',
    againstYearAgo: 'نسبت به همین دوره در سال گذشته',
    receivablesAging: 'سن مطالبات',
    receivable: 'مطالبات',
    overdue: 'سررسیدگذشته',
    customers: 'مشتریان',
    atRisk: 'در خطر (بیش از ۹۰ روز)',
    customer: 'مشتری',
    total: 'جمع',
    noReceivables: 'مطالبهٔ بازی نیست.',
    lowStock: 'موجودی کم',
    product: 'کالا',
    status: 'وضعیت',
    stock: 'موجودی',
    cover: 'پوشش',
    soldPerDay: 'فروش روزانه',
    outOfStock: 'ناموجود',
    low: 'کم',
    reorderAt: '{quantity}، سفارش دوباره در {level}',
    outOfStockCount: '{n} کالای ناموجود',
    allAbove: 'موجودی همهٔ کالاها بالای نقطهٔ سفارش است.',
    activity: 'فعالیت',
    when: 'زمان',
    what: 'رویداد',
    amount: 'مبلغ',
    noActivity: 'هنوز فعالیتی نیست.',
    order: 'سفارش {id}',
    states: { draft: 'پیش‌نویس', sent: 'ارسال‌شده', sale: 'فروخته‌شده', done: 'انجام‌شده', cancel: 'لغوشده' },
    continued: '{title} (ادامه)',
    noData: 'برای این دوره داده‌ای نیست.',
    generated: 'تهیه‌شده در {date}',
    and: ' و ',
    previousPeriod: 'دورهٔ قبل',
    sameLastYear: 'همین دوره در سال گذشته',
    by: '{metric} بر پایهٔ {breakdown}',
    weekOf: 'هفتهٔ {date}',
    date: 'تاریخ',
    week: 'هفته',
    month: 'ماه',
    share: 'سهم',
    age: 'سن',
    amountDue: 'مبلغ سررسید',
    receivablesByAge: 'مطالبات بر پایهٔ سن',
  },
  ar: {
    asOfNow: 'حتى الآن',
    vs: 'مقابل {dates}',
    asOf: 'حتى {date}',
    byDueDate: 'حسب تاريخ الاستحقاق',
    byInvoiceDate: 'حسب تاريخ الفاتورة',
    up: 'ارتفاع',
    down: 'انخفاض',
    unchanged: 'دون تغيير',
    noChange: 'لا يوجد رقم للتغير',
    againstPrevious: 'مقارنة بالفترة السابقة',
    againstYearAgo: 'مقارنة بالفترة نفسها من العام الماضي',
    receivablesAging: 'أعمار الذمم المدينة',
    receivable: 'الذمم المدينة',
    overdue: 'متأخر',
    customers: 'العملاء',
    atRisk: 'معرّضون للخطر (أكثر من ٩٠ يومًا)',
    customer: 'العميل',
    total: 'الإجمالي',
    noReceivables: 'لا توجد ذمم مدينة مفتوحة.',
    lowStock: 'مخزون منخفض',
    product: 'المنتج',
    status: 'الحالة',
    stock: 'المخزون',
    cover: 'التغطية',
    soldPerDay: 'المبيع يوميًا',
    outOfStock: 'نفد المخزون',
    low: 'منخفض',
    reorderAt: '{quantity}، إعادة الطلب عند {level}',
    outOfStockCount: '{n} نفد مخزونها',
    allAbove: 'كل المنتجات فوق حد إعادة الطلب.',
    activity: 'النشاط',
    when: 'متى',
    what: 'الحدث',
    amount: 'المبلغ',
    noActivity: 'لا يوجد نشاط بعد.',
    order: 'الطلب {id}',
    states: { draft: 'مسودة', sent: 'مرسل', sale: 'مُباع', done: 'مكتمل', cancel: 'ملغى' },
    continued: '{title} (تابع)',
    noData: 'لا توجد بيانات لهذه الفترة.',
    generated: 'أُنشئ في {date}',
    and: ' و',
    previousPeriod: 'الفترة السابقة',
    sameLastYear: 'الفترة نفسها من العام الماضي',
    by: '{metric} حسب {breakdown}',
    weekOf: 'أسبوع {date}',
    date: 'التاريخ',
    week: 'الأسبوع',
    month: 'الشهر',
    share: 'الحصة',
    age: 'العمر',
    amountDue: 'المبلغ المستحق',
    receivablesByAge: 'الذمم المدينة حسب العمر',
  },
};

/** The renderer's words in `locale`'s language (English for a language the server does not speak). */
export function renderWords(locale: string): RenderWords {
  const lang = (locale.split('-')[0] ?? 'en').toLowerCase();
  return (SERVER_LANGUAGES as readonly string[]).includes(lang) ? WORDS[lang as Language] : WORDS.en;
}

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
