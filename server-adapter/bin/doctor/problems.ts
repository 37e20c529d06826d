/**
 * What `dashkit doctor` reports: a problem's shape, the options and result of
 * an inspection, how a fix quotes SQL names and strings, and the one line of
 * text a problem is printed as.
 */
import { quoteIdent } from '../../engine/sql.js';

export interface Problem {
  /** `orders.ordered_at`, `orders`, or `rollups`. */
  where: string;
  /** What is wrong and what it does to the numbers. */
  what: string;
  /** What to write instead. */
  fix: string;
}

export interface InspectOptions {
  /** The dashboard's time zone: fixes that convert times name it. */
  timezone: string;
  /** Whether daily rollups will be built, and in which schema (CREATE rights are checked then). */
  rollups: { schema: string } | false;
}

export interface Inspection {
  problems: Problem[];
  /** Tables and views found, and columns checked: what a clean report says it looked at. */
  tables: number;
  columns: number;
  /** The database user and search_path, for the messages. */
  user: string;
  searchPath: string;
}

/** A SQL string literal, as a fix writes it. */
export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** An identifier as people write it: bare when it can be, quoted otherwise. */
export const ident = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name));

/** One line per problem: where, what, and what to write instead. */
export function formatProblem(problem: Problem): string {
  return `${problem.where}: ${problem.what}. Instead: ${problem.fix}`;
}
