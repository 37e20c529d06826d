/**
 * English texts only a drawn chart speaks (its description, keyboard instructions and drill hint), which the
 * built-in catalog (src/internal/messages-en.ts) leaves out: the ECharts chunk adds them (`addEnglish`) when its
 * chart view is made, and the server renderer before it draws. Hosts override them by id like any other text
 * (`registerMessages`), and the built-in catalogs (fa, ar, de, fr, es) translate them.
 */
export const chartEn = {
  chartDescription: '{title}, {subtitle}. Every value is in the data table after the chart.',
  chartKeys:
    '{title}: arrow keys move between points, Home and End go to the ends, Page Up and Page Down by a week or a month',
  enterFilters: '{what}, Enter filters the board',
} as const;
