/**
 * English texts of an aging-table row's invoices, which the built-in catalog (src/internal/messages-en.ts)
 * leaves out: the invoices' chunk (src/components/aging-table/aging-invoices.ts) imports this module, so a page
 * whose user never opens a row does not download them. Hosts override them by id like any other text
 * (`registerMessages`), and the built-in catalogs (fa, ar, de, fr, es) translate them.
 */
import { addEnglish } from '../internal/i18n.js';

export const invoicesEn = {
  loadingInvoices: 'Loading invoices of {name}…',
  invoicesOf: 'Open invoices of {name}',
  noInvoices: '{name} has no open invoices.',
  invoice: 'Invoice',
  issued: 'Issued',
  due: 'Due',
  daysOverdue: 'Days overdue',
} as const;

addEnglish(invoicesEn);
