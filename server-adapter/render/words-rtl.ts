/**
 * The renderer's own words in the right-to-left languages the server speaks:
 * Persian and Arabic. See words.ts.
 */
import type { OwnWords, UnlikeWidgets } from './render-words.js';

/** The words only the renderer writes. */
export const RTL_WORDS = {
  fa: {
    up: 'افزایش',
    down: 'کاهش',
    unchanged: 'بدون تغییر',
    noChange: 'رقم تغییر در دست نیست',
    againstPrevious: 'نسبت به دورهٔ قبل',
    againstYearAgo: 'نسبت به همین دوره در سال گذشته',
    reorderAt: '{quantity}، سفارش دوباره در {level}',
    outOfStockCount: '{n} کالای ناموجود',
    when: 'زمان',
    what: 'رویداد',
    amount: 'مبلغ',
    continued: '{title} (ادامه)',
    noData: 'برای این دوره داده‌ای نیست.',
    generated: 'تهیه‌شده در {date}',
    and: ' و ',
    previousPeriod: 'دورهٔ قبل',
    sameLastYear: 'همین دوره در سال گذشته',
  },
  ar: {
    up: 'ارتفاع',
    down: 'انخفاض',
    unchanged: 'دون تغيير',
    noChange: 'لا يوجد رقم للتغير',
    againstPrevious: 'مقارنة بالفترة السابقة',
    againstYearAgo: 'مقارنة بالفترة نفسها من العام الماضي',
    reorderAt: '{quantity}، إعادة الطلب عند {level}',
    outOfStockCount: '{n} نفد مخزونها',
    when: 'متى',
    what: 'الحدث',
    amount: 'المبلغ',
    continued: '{title} (تابع)',
    noData: 'لا توجد بيانات لهذه الفترة.',
    generated: 'أُنشئ في {date}',
    and: ' و',
    previousPeriod: 'الفترة السابقة',
    sameLastYear: 'الفترة نفسها من العام الماضي',
  },
} satisfies Record<string, OwnWords>;

/**
 * Where a language's rendered boards word something otherwise than its widgets do (the rest comes from
 * the widgets' catalogs: render-words.ts). Kept so that no rendered board changes; choosing one wording for
 * both is a translator's call, after which the entry goes (words.test.ts lists them).
 */
export const RTL_UNLIKE_WIDGETS = {
  fa: {
    asOf: 'تا {date}',
    byDueDate: 'بر پایهٔ سررسید',
    byInvoiceDate: 'بر پایهٔ تاریخ فاکتور',
    overdue: 'سررسیدگذشته',
    lowStock: 'موجودی کم',
    allAbove: 'موجودی همهٔ کالاها بالای نقطهٔ سفارش است.',
    activity: 'فعالیت',
    noActivity: 'هنوز فعالیتی نیست.',
    by: '{metric} بر پایهٔ {by}',
    age: 'سن',
    receivablesByAge: 'مطالبات بر پایهٔ سن',
  },
  ar: {
    overdue: 'متأخر',
    atRisk: 'معرّضون للخطر (أكثر من ٩٠ يومًا)',
    noReceivables: 'لا توجد ذمم مدينة مفتوحة.',
    noActivity: 'لا يوجد نشاط بعد.',
  },
} satisfies Record<string, UnlikeWidgets>;
