/**
 * Exact arithmetic on the decimal strings SQL returns, for the few sums the
 * engine does outside SQL. Money never passes through a binary float; only
 * a final ratio (a relative change) becomes a JS number.
 */
import type { MetricValue } from '../../src/contract/index.js';

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function scaled(value: string | number): Scaled {
  const text = typeof value === 'number' ? String(value) : value;
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2]}${fraction}`);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale)];
}

/**
 * (value − previous) / previous, from the exact decimals; `null` when either
 * is null or previous is 0.
 *
 * @example relativeChange('110.10', '100.00') // 0.101
 */
export function relativeChange(value: MetricValue, previous: MetricValue): number | null {
  if (value === null || previous === null) return null;
  if (typeof value === 'number' && typeof previous === 'number')
    return previous === 0 ? null : (value - previous) / previous;
  const [v, p] = align(scaled(value), scaled(previous));
  if (p === 0n) return null;
  return Number(v - p) / Number(p);
}
