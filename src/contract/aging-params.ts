/**
 * `v1/aging`'s and `v1/aging/customers/{id}/invoices`' parameters: the
 * bucket boundaries and the ids derived from them, the sort keys, and the two
 * query schemas (a sort or bucket filter must name a bucket of `buckets`).
 */
import * as z from 'zod/mini';
import { filterFields } from './filter-params.js';
import { amount, choice, integer, localeFields, MAX_LIMIT, RequestDate, sqlText } from './param-values.js';

/**
 * Aging bucket boundaries: ascending upper bounds in days, e.g. `30,60,90,120`
 * for Current, 1–30, 31–60, 61–90, 91–120, 121+.
 */
export const bucketBounds = z.pipe(
  z.string().check(z.regex(/^\d{1,4}(,\d{1,4}){0,11}$/, 'expected ascending day counts such as 30,60,90,120')),
  z.transform((raw, ctx) => {
    const bounds = raw.split(',').map(Number);
    const ok = bounds.every((b, i) => b >= 1 && (i === 0 || b > (bounds[i - 1] ?? 0)));
    if (!ok) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: 'day counts must be positive and strictly ascending, e.g. 30,60,90,120',
      });
      return z.NEVER;
    }
    return bounds;
  }),
);

/** Default aging boundaries: Current, 1–30, 31–60, 61–90, 91–120, 121+. */
export const DEFAULT_BUCKET_BOUNDS: readonly number[] = [30, 60, 90, 120];

/** Bucket ids derived from boundaries: `current`, `days_1_30`, …, `days_121_plus`. */
export function bucketIds(bounds: readonly number[]): string[] {
  const ids = ['current'];
  let from = 1;
  for (const b of bounds) {
    ids.push(`days_${from}_${b}`);
    from = b + 1;
  }
  ids.push(`days_${from}_plus`);
  return ids;
}

/** Sort keys of the aging report besides the bucket ids. */
export const AGING_SORTS = ['name', 'total', 'overdue', 'invoices', 'oldest'] as const;

/** `v1/aging` */
export const AgingParams = z
  .strictObject({
    asOf: z.optional(RequestDate),
    basis: z.optional(choice(['due', 'invoice'] as const)),
    buckets: z.optional(bucketBounds),
    ...localeFields,
    sort: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,40}$/, 'expected a column id'))),
    order: z.optional(choice(['asc', 'desc'] as const)),
    limit: z.optional(integer(1, MAX_LIMIT)),
    offset: z.optional(integer(0, 1_000_000_000)),
    search: z.optional(sqlText(100)),
    minAmount: z.optional(amount),
    /** Only customers with an amount due in this bucket (a bucket id of `buckets`, e.g. `days_31_60`). */
    bucket: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,40}$/, 'expected a bucket id such as days_31_60'))),
    ...filterFields,
  })
  .check(
    z.superRefine((q, ctx) => {
      const ids = bucketIds(q.buckets ?? DEFAULT_BUCKET_BOUNDS);
      if (q.bucket !== undefined && !ids.includes(q.bucket)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bucket'],
          message: `expected one of ${ids.join(', ')}, got "${q.bucket}"`,
          input: q.bucket,
        });
      }
      if (q.sort === undefined) return;
      const allowed = [...AGING_SORTS, ...ids];
      if (!allowed.includes(q.sort)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sort'],
          message: `expected one of ${allowed.join(', ')}, got "${q.sort}"`,
          input: q.sort,
        });
      }
    }),
  );
export type AgingParams = z.output<typeof AgingParams>;

/** `v1/aging/customers/{id}/invoices` */
export const AgingInvoicesParams = z.strictObject({
  asOf: z.optional(RequestDate),
  basis: z.optional(choice(['due', 'invoice'] as const)),
  buckets: z.optional(bucketBounds),
  ...localeFields,
});
export type AgingInvoicesParams = z.output<typeof AgingInvoicesParams>;
