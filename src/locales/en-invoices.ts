/**
 * English texts of an aging-table row's invoices, which the built-in catalog (src/internal/messages-en.ts)
 * leaves out: the invoices' chunk (src/components/aging-table/aging-invoices.ts) adds them (`addEnglish`) when it
 * loads, so a page whose user never opens a row does not download them. Hosts override them by id like any other text
 * (`registerMessages`), and the built-in catalogs (fa, ar, de, fr, es) translate them.
 */
export const invoicesEn = {
  loadingInvoices: 'Loading invoices of {name}…',
  invoicesOf: 'Open invoices of {name}',
  noInvoices: '{name} has no open invoices.',
  invoice: 'Invoice',
  issued: 'Issued',
  due: 'Due',
  daysOverdue: 'Days overdue',
} as const;
