/** The two faces of a verify report: a table for people, JSON for machines. */
import type { CheckResult } from './runner.js';

/** What a run found: one result per endpoint × check, and the totals. */
export interface VerifyReport {
  baseUrl: string;
  /** True when no check failed (skipped ones do not count). */
  ok: boolean;
  results: CheckResult[];
  passed: number;
  failed: number;
  skipped: number;
  requests: number;
  durationMs: number;
}

/** Longest detail shown in the table; `--json` has all of it. */
const DETAIL_WIDTH = 140;

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** One line per endpoint × check: result and the first failure (or what passed). */
export function formatTable(report: VerifyReport): string {
  const header = ['endpoint', 'check', 'result', 'detail'];
  const rows = report.results.map((r) => [r.endpoint, r.check, r.status.toUpperCase(), clip(r.detail, DETAIL_WIDTH)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const verdict = report.ok ? 'conforms to contract v1' : 'does NOT conform to contract v1';
  return [
    `dashkit verify ${report.baseUrl}: ${verdict}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${report.results.length} checks: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped` +
      ` (${report.requests} requests, ${(report.durationMs / 1000).toFixed(1)} s)`,
  ].join('\n');
}

export function formatJson(report: VerifyReport): string {
  return JSON.stringify(report, null, 2);
}
