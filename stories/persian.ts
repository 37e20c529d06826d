/** Persian texts for the stories' fa-IR variants (the filter's `labels`). */
import type { PeriodFilterLabels } from '../src/components/period-filter/period-filter.js';

export const FA_FILTER_LABELS: PeriodFilterLabels = {
  group: 'بازه زمانی',
  presets: {
    today: 'امروز',
    week: 'این هفته',
    month: 'این ماه',
    quarter: 'این فصل',
    year: 'امسال',
    '7d': '۷ روز گذشته',
    '30d': '۳۰ روز گذشته',
    '90d': '۹۰ روز گذشته',
    '365d': '۳۶۵ روز گذشته',
  },
  custom: 'دلخواه',
  from: 'از',
  to: 'تا',
  apply: 'اعمال',
  compare: 'مقایسه با',
  compareModes: { previous: 'دوره قبل', year: 'همین دوره در سال گذشته', none: 'بدون مقایسه' },
  missingFrom: 'روز آغاز بازه را وارد کنید.',
  missingTo: 'روز پایان بازه را وارد کنید.',
  order: 'روز آغاز باید پیش از روز پایان یا همان روز باشد.',
  tooLong: 'بازه دلخواه حداکثر ۳۶۶۰ روز است.',
};
