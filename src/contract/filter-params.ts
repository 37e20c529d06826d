/**
 * The `filter` parameter of the report endpoints: `dimension:value` pairs,
 * their bounds, and the fields a query schema spreads in to take them.
 */
import * as z from 'zod/mini';
import { METRIC_ID } from './param-values.js';

/** Most `dimension:value` pairs one `filter` may hold. */
export const MAX_FILTERS = 8;
/** Longest value of one filter pair (ids and short names; a value is compared with a column, never searched). */
export const MAX_FILTER_VALUE = 200;

/** One `dimension:value` pair of a `filter` parameter, as parsed. */
export interface FilterParam {
  /** A dimension id from `v1/meta` `dimensions`, e.g. `customer`. */
  dimension: string;
  /** The value rows must have in that dimension, e.g. a customer id `42`. */
  value: string;
}

const FILTER_SYNTAX = 'expected dimension:value pairs separated by commas, e.g. customer:42';

/**
 * `filter=customer:42` or `filter=customer:42,region:north`: one or more
 * `dimension:value` pairs, each dimension at most once. The value is
 * everything after the first `:` (it may not contain a comma). Pairs come out
 * sorted by dimension, so the same filters written in another order share a
 * cache entry. Which dimensions exist, and which reports take them, is the
 * backend's to say (`v1/meta` `dimensions`); this checks the syntax only.
 *
 * @example
 * filterList.parse('region:north,customer:42'); // [{ dimension: 'customer', value: '42' }, { dimension: 'region', value: 'north' }]
 */
export const filterList = z.pipe(
  z.string().check(z.maxLength(MAX_FILTERS * (MAX_FILTER_VALUE + 66), 'too long')),
  z.transform((raw, ctx) => {
    const fail = (message: string) => {
      ctx.issues.push({ code: 'custom', input: raw, message });
      return z.NEVER;
    };
    if (raw.trim() === '') return fail(FILTER_SYNTAX);
    const pairs = raw.split(',');
    if (pairs.length > MAX_FILTERS) return fail(`at most ${MAX_FILTERS} dimension:value pairs`);
    const out: FilterParam[] = [];
    for (const pair of pairs) {
      const at = pair.indexOf(':');
      const dimension = (at < 0 ? pair : pair.slice(0, at)).trim();
      const value = at < 0 ? '' : pair.slice(at + 1).trim();
      if (!METRIC_ID.test(dimension))
        return fail(
          `${JSON.stringify(dimension)} is not a dimension id (lowercase letters, digits and _); ${FILTER_SYNTAX}`,
        );
      if (value === '') return fail(`${dimension}: missing a value (write ${dimension}:<value>)`);
      // eslint-disable-next-line no-control-regex
      if (value.length > MAX_FILTER_VALUE || /[\u0000-\u001f\u007f]/.test(value))
        return fail(`${dimension}: expected a value of at most ${MAX_FILTER_VALUE} printable characters`);
      if (out.some((f) => f.dimension === dimension)) return fail(`lists ${dimension} more than once`);
      out.push({ dimension, value });
    }
    return out.sort((a, b) => (a.dimension < b.dimension ? -1 : 1));
  }),
);

/** The `filter` parameter every report endpoint takes; spread into a query schema. */
export const filterFields = {
  /** `dimension:value` pairs narrowing the report, e.g. `customer:42`. */
  filter: z.optional(filterList),
};
