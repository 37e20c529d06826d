/**
 * Exact decimal arithmetic for the checker: money arrives as decimal strings
 * (or JSON numbers) and sums must be compared exactly, never through binary
 * floats. A value is a BigInt of units at a decimal scale.
 */

export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses `"1234.50"`, `-3`, `12.5`, `1e-7`; throws a RangeError naming anything else. */
export function parseDecimal(value: string | number): Decimal {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = typeof value === 'number' ? String(value) : value;
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const fraction = m[3] ?? '';
  let units = BigInt(`${m[2]}${fraction}`);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] === '-' ? -units : units, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** Exact sum of decimal strings or numbers; `0` for none. */
export function sumDecimals(values: Iterable<string | number>): Decimal {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const v of values) total = addDecimal(total, parseDecimal(v));
  return total;
}

/** -1, 0 or 1, exactly. */
export function compareDecimal(a: Decimal | string | number, b: Decimal | string | number): number {
  const x = typeof a === 'object' ? a : parseDecimal(a);
  const y = typeof b === 'object' ? b : parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export function decimalEquals(a: Decimal | string | number, b: Decimal | string | number): boolean {
  return compareDecimal(a, b) === 0;
}

/** Plain notation without trailing zeros: `{units: 12340n, scale: 3}` → `"12.34"`. */
export function formatDecimal(d: Decimal): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Whether `value` is a number or a decimal string the contract accepts as money. */
export function isDecimal(value: unknown): value is string | number {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && DECIMAL_RE.test(value);
}
