import { describe, expect, it } from 'vitest';
import { pdfVisualText, visualRuns } from './bidi.js';

/** What fontkit draws for each piece: it reverses a piece whose first scripted character is right to left. */
function drawn(pieces: string[]): string {
  const rtl = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
  const noScript = /[\p{Script=Common}\p{Script=Inherited}]/u;
  return pieces
    .map((piece) => {
      const first = [...piece].find((ch) => !noScript.test(ch));
      return first && rtl.test(first) ? [...piece].reverse().join('') : piece;
    })
    .join('');
}

describe('visualRuns', () => {
  it('keeps Persian digits in reading order inside right-to-left text', () => {
    expect(drawn(visualRuns('۲٬۸۰۴', 'rtl'))).toBe('۲٬۸۰۴');
    // "۱۵ آذر ۱۴۰۵" on screen, left to right: the year, the month (its letters right to left), the day.
    expect(drawn(visualRuns('۱۵ آذر ۱۴۰۵', 'rtl'))).toBe('۱۴۰۵ رذآ ۱۵');
  });

  it('hands an Arabic-script word to fontkit in logical order, so that it still joins', () => {
    const pieces = visualRuns('درآمد ماه', 'rtl');
    expect(pieces).toEqual(['ماه', ' ', 'درآمد']);
  });

  it('places a Latin word and a number of a Persian sentence as a right-to-left reader expects', () => {
    // Logical "vs ۱۶ مهر": "vs ۱۶" is read first, so it sits at the right.
    expect(drawn(visualRuns('vs ۱۶ مهر', 'rtl'))).toBe('رهم vs ۱۶');
  });

  it('mirrors brackets in right-to-left runs and drops bidi controls', () => {
    expect(drawn(visualRuns('(دو)', 'rtl'))).toBe('(ود)');
    expect(drawn(visualRuns('\u2068\u200e$ ۵٫۰ هزار\u2069'))).toBe('$ ۵٫۰ رازه');
  });

  it('leaves left-to-right text alone', () => {
    expect(visualRuns('Revenue $1,234.50')).toEqual(['Revenue', ' ', '$1,234.50']);
  });
});

describe('pdfVisualText', () => {
  it('rewrites only text holding right-to-left characters, keeping attributes and escapes', () => {
    const svg = '<svg><text x="1" direction="rtl">۲٬۸۰۴ &amp; ب</text><text y="2">a &lt; b</text></svg>';
    expect(pdfVisualText(svg)).toBe(
      '<svg><text x="1" direction="rtl" xml:space="preserve"><tspan>ب</tspan><tspan> </tspan><tspan>&amp;</tspan>' +
        '<tspan> </tspan><tspan>۴۰۸٬۲</tspan></text><text y="2">a &lt; b</text></svg>',
    );
  });

  it('does not add a second xml:space', () => {
    const out = pdfVisualText('<text xml:space="preserve">ا ب</text>');
    expect(out.match(/xml:space/g)).toHaveLength(1);
  });
});
