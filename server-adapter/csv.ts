/**
 * CSV for the `v1/export/{report}.csv` endpoints: RFC 4180 (CRLF line ends,
 * fields with a comma, quote, CR or LF quoted and inner quotes doubled) and
 * safe to open in a spreadsheet (no formula injection).
 */
import { stringify } from 'csv-stringify/sync';

/** A cell: text cells are neutralised against formula injection, numeric cells are written as they are. */
export type Cell = string | number | boolean | null | undefined;

/** How one column is read from a row and whether it is text (user data) or numeric. */
export interface Column<Row> {
  header: string;
  kind: 'text' | 'number';
  value: (row: Row) => Cell;
}

/**
 * Formula injection (OWASP ASVS 5.0 requirement 1.2.10, and OWASP's "CSV
 * Injection" page): a text cell a spreadsheet could evaluate gets a leading
 * `'`, which makes it literal text. ASVS names `=`, `+`, `-`, `@`, tab and NUL
 * as first characters; beyond that list, decided here:
 * - CR and LF first: some programs strip leading line breaks, then evaluate
 *   what follows (the CR case is in OWASP's list; LF is the same risk);
 * - spaces or other whitespace before a trigger (` =1+1`): Excel keeps such a
 *   cell as text, but importers that trim cells (Google Sheets, LibreOffice
 *   with "trim spaces") would not, so the first non-blank character decides;
 * - fullwidth `＝ ＋ － ＠` (U+FF1D, U+FF0B, U+FF0D, U+FF20): East Asian input
 *   methods type them, and Excel in those locales reads `＝` as `=`.
 * A false alarm costs a visible `'` before an odd name; a miss runs a formula.
 */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters ASVS names.
const FORMULA_START = /^[\s\u0000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n\u0000]/;

/** Prefix a text cell that a spreadsheet could treat as a formula with `'`, which makes it literal text. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(cell: Cell, kind: 'text' | 'number'): string {
  if (cell === null || cell === undefined) return '';
  // Numeric columns come from the engine (decimal strings, numbers), never
  // from free text, so a leading minus is a sign there, not a formula; a
  // number in a text column (an integer id) is not a formula either.
  if (kind === 'number' || typeof cell !== 'string') return String(cell);
  return neutralise(cell);
}

/** RFC 4180 text of `rows` (with the header line when `header` is true). */
export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[], header = false): string {
  const records: string[][] = [];
  if (header) records.push(columns.map((c) => neutralise(c.header)));
  for (const row of rows) records.push(columns.map((c) => cellText(c.value(row), c.kind)));
  if (records.length === 0) return '';
  return stringify(records, {
    record_delimiter: 'windows',
    // csv-stringify only quotes fields holding the record delimiter (CRLF);
    // RFC 4180 wants a lone CR or LF quoted too.
    quoted_match: /[\r\n]/,
  });
}

export interface CsvStreamHooks {
  /** A page failed mid-stream (the download is then cut, never ended as if complete). */
  onError(error: unknown): void;
  /** Once, when the stream ends however it ends: complete, failed, or cancelled by the client. */
  onEnd?(): void;
}

/**
 * A CSV body streamed page by page: `pages` yields arrays of rows; the header
 * goes first, then each page as the client reads, so memory stays bounded by
 * a page. A client that goes away cancels the stream: `pages` is returned
 * (releasing whatever feeds it) and nothing is logged — leaving a download
 * is not an error.
 */
export function csvStream<Row>(
  columns: readonly Column<Row>[],
  pages: AsyncIterator<readonly Row[]>,
  hooks: CsvStreamHooks,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  /** No more output: finished, failed or cancelled. */
  let ended = false;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    hooks.onEnd?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (ended) return;
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(toCsv(columns, [], true)));
          return;
        }
        try {
          // Loop past empty pages: a pull that enqueues nothing is not called again.
          for (;;) {
            const next = await pages.next();
            // Cancelled while this page was read: the stream is closed, and nobody wants the page.
            if (ended) return;
            if (next.done) {
              ended = true;
              controller.close();
              release();
              return;
            }
            if (next.value.length > 0) {
              controller.enqueue(encoder.encode(toCsv(columns, next.value)));
              return;
            }
          }
        } catch (error) {
          if (ended) return;
          ended = true;
          hooks.onError(error);
          // Erroring the stream truncates the download visibly (the connection is
          // reset) instead of ending it cleanly with rows missing.
          controller.error(error);
          await Promise.resolve(pages.return?.()).catch(() => {});
          release();
        }
      },
      async cancel() {
        if (ended) return;
        ended = true;
        try {
          await pages.return?.();
        } finally {
          release();
        }
      },
    },
    { highWaterMark: 0 },
  );
}
