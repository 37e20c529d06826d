/**
 * English texts of the period filter's custom-range form, which the built-in catalog (src/internal/messages-en.ts)
 * leaves out: the form's chunk (src/components/period-filter/custom-range.ts) adds them (`addEnglish`) when it
 * loads, so a page whose user never opens the form does not download them. Hosts override them by id like any other text
 * (`registerMessages`), and the built-in catalogs (fa, ar, de, fr, es) translate them.
 */
export const customRangeEn = {
  from: 'From',
  to: 'To',
  apply: 'Apply',
  missingFrom: 'Enter the first day of the range.',
  missingTo: 'Enter the last day of the range.',
  order: 'The first day must be on or before the last day.',
  tooLong: 'A custom range spans at most {n} days.',
} as const;
