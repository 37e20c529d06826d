/**
 * Whether a column's type suits what a definition reads it as (an instant, a
 * date, an amount, a count, a state), and when it does not, what goes wrong
 * in the numbers and the cast to write in the view instead.
 */
import type { ColumnRead } from './reads.js';
import { ident, type InspectOptions, type Problem, sqlString } from './problems.js';

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
const EXACT_TYPES = new Set([...INTEGER_TYPES, 'numeric']);
const FLOAT_TYPES = new Set(['real', 'double precision']);
const TEXT_TYPES = /^(text|character varying|character|varchar|citext|name)\b/;

/** `numeric(12,2)` → `numeric`; `character varying(200)` → `character varying`. */
const baseType = (type: string) => type.replace(/\(.*\)$/, '').replace(/\[\]$/, '[]');

/** The problem with a column's type for its use, if any; `behind` is the column the view reads it from. */
export function typeProblem(
  at: string,
  read: ColumnRead,
  type: string,
  behind: string,
  options: InspectOptions,
): Problem | undefined {
  const base = baseType(type);
  const as = ident(read.column);
  const col = ident(behind);
  const zone = sqlString(options.timezone);
  switch (read.use) {
    case 'instant':
      if (base === 'timestamp with time zone') return undefined;
      if (base === 'timestamp without time zone') {
        return {
          where: at,
          what:
            `timestamp without time zone, read by ${read.by}: it holds no zone, so the database's own ` +
            `(its TimeZone setting) decides which day a row falls on and stats stop matching their charts — ` +
            `Rails, and Django with USE_TZ = False, store UTC here, and evening orders land on the wrong day`,
          fix:
            `in the view, select ${col} AT TIME ZONE 'UTC' AS ${as} when it holds UTC ` +
            `(or AT TIME ZONE ${zone} when it holds local time), or change the column to timestamptz`,
        };
      }
      if (base === 'date') {
        return {
          where: at,
          what: `a date, read by ${read.by} as an instant: every row counts at midnight UTC`,
          fix: `in the view, select ${col}::timestamp AT TIME ZONE ${zone} AS ${as} (midnight in the dashboard's zone)`,
        };
      }
      return {
        where: at,
        what: `${type}, read by ${read.by}, which needs a timestamp with time zone`,
        fix: `select a timestamptz as ${as} in the view`,
      };
    case 'date':
      if (base === 'date') return undefined;
      if (base === 'timestamp with time zone') {
        return {
          where: at,
          what: `${type}, read by ${read.by}, which compares calendar dates`,
          fix: `in the view, select (${col} AT TIME ZONE ${zone})::date AS ${as}`,
        };
      }
      return {
        where: at,
        what: `${type}, read by ${read.by}, which compares calendar dates`,
        fix: `in the view, select ${col}::date AS ${as}`,
      };
    case 'amount':
      if (EXACT_TYPES.has(base)) return undefined;
      if (FLOAT_TYPES.has(base)) {
        return {
          where: at,
          what: `${type}, read by ${read.by}: floating-point sums drift by cents (and are never rolled up)`,
          fix: `in the view, select ${col}::numeric(14, 2) AS ${as}, or make the column numeric`,
        };
      }
      return {
        where: at,
        what: `${type}, read by ${read.by}, which adds it up as an exact number`,
        fix: `in the view, select ${col}::numeric AS ${as}, or make the column numeric`,
      };
    case 'count':
      if (EXACT_TYPES.has(base)) return undefined;
      return {
        where: at,
        what: `${type}, read by ${read.by}, which needs a whole number`,
        fix: `in the view, select ${col}::integer AS ${as}`,
      };
    case 'state':
      if (TEXT_TYPES.test(base)) return undefined;
      return {
        where: at,
        what: `${type}, read by ${read.by}, which compares it with text values`,
        fix: `in the view, select ${col}::text AS ${as}`,
      };
    default:
      return undefined;
  }
}
