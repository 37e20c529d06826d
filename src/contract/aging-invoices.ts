/** `GET {base}/v1/aging/customers/{id}/invoices?asOf`: one customer's open invoices. */
import * as z from 'zod/mini';
import { envelope, Id, IsoDate, Money } from './common.js';

export const AgingInvoice = z.object({
  number: z.string(),
  issuedOn: IsoDate,
  dueOn: IsoDate,
  /** amount − amount_paid, > 0 for every listed invoice. */
  amountDue: Money,
  /** asOf − dueOn in days (negative while not yet due). */
  daysOverdue: z.int(),
  status: z.enum(['current', 'overdue']),
  /** Id of the bucket the invoice falls in under the requested basis. */
  bucket: z.string(),
});
export type AgingInvoice = z.infer<typeof AgingInvoice>;

export const AgingInvoicesResponse = z.object({
  customer: z.object({ id: Id, name: z.string() }),
  asOf: IsoDate,
  basis: z.enum(['due', 'invoice']),
  invoices: z.array(AgingInvoice),
  ...envelope,
});
export type AgingInvoicesResponse = z.infer<typeof AgingInvoicesResponse>;
