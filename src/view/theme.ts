/**
 * The colours of the two themes, as data: the widgets turn them into CSS
 * custom properties (internal/dash-element.ts) and chart colours
 * (chart-view.ts); the server renderer draws with the same values.
 */

/** `light` or `dark`. */
export type ThemeName = 'light' | 'dark';

/**
 * The palette, one row per colour token: `[name, light, dark]`. Elements read
 * `--_dash-<name>`, which falls back from the public `--dash-color-<name>` to
 * these values; `<dash-board theme>` sets the public names on itself so the
 * choice flows (custom properties inherit) into every shadow root below it.
 */
export const PALETTE: readonly (readonly [name: string, light: string, dark: string])[] = [
  ['text', '#1f2328', '#e6edf3'],
  ['text-muted', '#59636e', '#9da7b3'],
  ['surface', '#ffffff', '#151b23'],
  ['border', '#d1d9e0', '#3d444d'],
  ['good', '#116329', '#57d26b'],
  ['good-surface', '#dafbe1', '#0f2d1a'],
  ['bad', '#a40e26', '#ff8e86'],
  ['bad-surface', '#ffebe9', '#3a1517'],
  ['neutral-surface', '#eff2f5', '#262c36'],
  ['skeleton', '#e6eaef', '#2a313c'],
  ['accent', '#0969da', '#6cb6ff'],
  ['warn', '#7d4e00', '#e3b341'],
  ['warn-surface', '#fff8c5', '#2e2306'],
  // The aging scale, neutral → amber → red (see agingTone): donut slices, the table's bucket marks, the PDF.
  ['aging-0', '#8c959f', '#6e7681'],
  ['aging-1', '#bf8700', '#e3b341'],
  ['aging-2', '#e16f24', '#d29922'],
  ['aging-3', '#bc4c00', '#db6d28'],
  ['aging-4', '#cf222e', '#f85149'],
  ['aging-5', '#82071e', '#da3633'],
];

/**
 * The tone (0–5, the `aging-N` colour) of the `i`-th of `count` aging buckets: the first (current, not yet due)
 * neutral, the overdue ones spread from amber to the darkest red, so a longer overdue never looks calmer.
 */
export const agingTone = (i: number, count: number): number =>
  i < 1 ? 0 : count < 3 ? 4 : 1 + Math.round(((i - 1) * 4) / (count - 2));

/** Every colour token of `theme` by name: `{text: '#1f2328', 'text-muted': …}`. */
export function themeColors(theme: ThemeName): Readonly<Record<string, string>> {
  const side = theme === 'dark' ? 2 : 1;
  return Object.fromEntries(PALETTE.map((row) => [row[0], row[side]]));
}
