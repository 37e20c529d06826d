import { describe, expect, it } from 'vitest';
import { cssTextWidth, textWidth } from './measure.js';

describe('textWidth', () => {
  it('measures glyphs, not characters: narrow letters are narrow and Arabic is not a full em each', () => {
    expect(textWidth('iiii', 12)).toBeLessThan(textWidth('WWWW', 12) / 2);
    // ECharts' own guess without a canvas is 12 px for each of these 12 characters (144 px).
    const label = 'US$ ٢٥٫٠ ألف';
    expect(textWidth(label, 12)).toBeLessThan(90);
    expect(textWidth(label, 12)).toBeGreaterThan(40);
  });

  it('scales with the size and reads the face from a CSS font', () => {
    expect(textWidth('Revenue', 24)).toBeCloseTo(2 * textWidth('Revenue', 12), 6);
    expect(cssTextWidth('Revenue', 'bold 12px Vazirmatn')).toBeGreaterThan(cssTextWidth('Revenue', '12px Vazirmatn'));
    expect(cssTextWidth('Revenue', 'normal normal 600 18px Vazirmatn')).toBeCloseTo(textWidth('Revenue', 18, true), 6);
  });
});
