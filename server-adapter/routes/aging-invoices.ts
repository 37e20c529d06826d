/** `GET {base}/v1/aging/customers/{id}/invoices?asOf&basis&buckets`: one customer's open invoices. */
import { AgingInvoicesParams } from '../../src/contract/index.js';
import { BadRequestError } from '../errors.js';
import { reportRoute } from './report.js';

/** Longest customer id accepted in the path; ids are integers or uuids in practice. */
export const MAX_ID_LENGTH = 100;

/** The `{id}` path segment, checked: non-empty, bounded, printable. */
export function customerId(path: Readonly<Record<string, string>>): string {
  const id = path['id'] ?? '';
  if (id.length === 0 || id.length > MAX_ID_LENGTH || /\p{Cc}/u.test(id)) {
    throw BadRequestError.param('id', `expected a customer id of 1 to ${MAX_ID_LENGTH} printable characters`);
  }
  return id;
}

export const agingInvoicesRoute = reportRoute({
  name: 'agingInvoices',
  pattern: 'v1/aging/customers/{id}/invoices',
  schema: AgingInvoicesParams,
  withPath: (query, path) => ({ ...query, customerId: customerId(path) }),
  report: (state) => state.engine.agingInvoices,
});
