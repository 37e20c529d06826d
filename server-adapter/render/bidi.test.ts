/**
 * Right-to-left text prepared for PDFKit/fontkit: the order a reader sees
 * (Unicode bidirectional algorithm) survives fontkit's reversal of a
 * right-to-left run, digits and Latin words included.
 */
import { describe, expect, it } from 'vitest';
import { forFontkit, fontkitReverses, svgForPdf, visualOrder } from './bidi.js';

/** What fontkit draws, left to right, for one run of `text` (it reverses a run whose first letter is right-to-left). */
const drawn = (text: string) => (fontkitReverses(text) ? [...text].reverse().join('') : text);

describe('bidi for the PDF', () => {
  it('keeps numbers in their order inside right-to-left text, brackets mirrored', () => {
    const text = '۳۰ روز گذشته (۷ نوامبر تا ۶ دسامبر ۲۰۲۶)';
    const visual = visualOrder(text, true);
    // Read left to right: the year first (the end of the sentence), in its own order; "۳۰" last (its start).
    expect(visual.startsWith('(۲۰۲۶ ')).toBe(true);
    expect(visual.endsWith(' ۳۰')).toBe(true);
    expect(drawn(forFontkit(text, true))).toBe(visual);
  });

  it('draws a Persian number alone in its order (fontkit would reverse its Arabic-script digits)', () => {
    expect(fontkitReverses('۲٬۸۰۴')).toBe(true);
    expect(drawn(forFontkit('۲٬۸۰۴', true))).toBe('۲٬۸۰۴');
  });

  it('leaves left-to-right text in a left-to-right board alone', () => {
    expect(forFontkit('Last 30 days (7 Nov – 6 Dec 2026)', false)).toBe('Last 30 days (7 Nov – 6 Dec 2026)');
  });

  it('keeps a Latin name inside a right-to-left board in its order', () => {
    const text = 'سفارش Harbor Supply & Sons';
    expect(drawn(forFontkit(text, true))).toBe(visualOrder(text, true));
    expect(visualOrder(text, true)).toContain('Harbor Supply & Sons');
  });

  it('rewrites the text of an SVG page, entities kept', () => {
    const svg = '<svg><text x="1" direction="rtl">۲٬۸۰۴ &amp; ۳</text><text x="2">A &lt; B</text></svg>';
    const out = svgForPdf(svg, false);
    expect(out).toContain('<text x="2">A &lt; B</text>');
    const rtl = /<text x="1" direction="rtl">([^<]*)<\/text>/.exec(out)?.[1] ?? '';
    expect(drawn(rtl.replace(/&amp;/g, '&'))).toBe(visualOrder('۲٬۸۰۴ & ۳', true));
  });
});
