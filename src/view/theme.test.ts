import { describe, expect, it } from 'vitest';
import { agingTone, PALETTE, themeColors, type ThemeName } from './theme.js';

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};
/** Hue in degrees, reds near 0 taken as negative (so yellow → orange → red runs downwards), and saturation. */
function hueOf(hex: string): { hue: number; saturation: number } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let hue = d === 0 ? 0 : max === r ? (60 * (g - b)) / d : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
  if (hue > 180) hue -= 360;
  return { hue, saturation: max === 0 ? 0 : d / max };
}

describe('the aging scale', () => {
  it('gives current the neutral tone and spreads the overdue buckets from amber to the darkest red', () => {
    const tones = (n: number) => Array.from({ length: n }, (_, i) => agingTone(i, n));
    expect(tones(6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tones(4)).toEqual([0, 1, 3, 5]);
    expect(tones(3)).toEqual([0, 1, 5]);
    expect(tones(2)).toEqual([0, 4]);
    expect(tones(1)).toEqual([0]);
    // However many buckets: never calmer as they age.
    for (let n = 1; n <= 12; n++) {
      const t = tones(n);
      t.slice(1).forEach((tone, i) => expect(tone).toBeGreaterThanOrEqual(t[i]!));
    }
  });

  it.each(['light', 'dark'] as ThemeName[])(
    'is neutral, then warm hues from amber to red, each 3:1 on the %s card',
    (theme) => {
      const colors = themeColors(theme);
      const scale = [0, 1, 2, 3, 4, 5].map((i) => colors[`aging-${i}`]!);
      expect(PALETTE.filter((row) => row[0].startsWith('aging-'))).toHaveLength(6);
      for (const c of scale) expect(contrast(c, colors['surface']!)).toBeGreaterThanOrEqual(3);
      expect(hueOf(scale[0]!).saturation).toBeLessThan(0.2);
      const warm = scale.slice(1).map(hueOf);
      for (const { hue, saturation } of warm) {
        expect(saturation).toBeGreaterThan(0.6);
        expect(hue).toBeGreaterThan(-20);
        expect(hue).toBeLessThan(50);
      }
      // Amber first, red last.
      expect(warm[0]!.hue).toBeGreaterThan(35);
      expect(warm[4]!.hue).toBeLessThan(5);
    },
  );

  it('darkens step by step on the light card', () => {
    const colors = themeColors('light');
    const l = [1, 2, 3, 4, 5].map((i) => luminance(colors[`aging-${i}`]!));
    l.slice(1).forEach((v, i) => expect(v).toBeLessThan(l[i]!));
  });
});
