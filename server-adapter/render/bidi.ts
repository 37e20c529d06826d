/**
 * Right-to-left text for the PDF. svg-to-pdfkit hands each SVG text to
 * PDFKit, whose fontkit lays it out as one run: it shapes Arabic script in
 * logical order and then reverses every glyph when the run's first letter is
 * of a right-to-left script — digits and Latin words too ("۲۰۲۶" came out
 * "۶۲۰۲", a fa-IR PDF printed its numbers backwards) — and mirrors no bracket.
 * The Unicode bidirectional algorithm (bidi-js) gives the order a reader
 * expects, brackets mirrored; the text fontkit receives is that order
 * reversed when fontkit will reverse it, so what it draws is the reader's
 * order with Arabic words still shaped from their logical letters. The PNG
 * does not need this: resvg applies the algorithm itself.
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

const NEUTRAL_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const NEEDS_BIDI = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** Whether fontkit lays `text` out right to left: its first character of a script other than Common/Inherited is. */
export function fontkitReverses(text: string): boolean {
  for (const c of text) if (!NEUTRAL_SCRIPT.test(c)) return RTL_SCRIPT.test(c);
  return false;
}

/** `text` (logical order, in a paragraph of direction `rtl` or not) in the order a reader sees it, brackets mirrored. */
export function visualOrder(text: string, rtl: boolean): string {
  const levels = bidi.getEmbeddingLevels(text, rtl ? 'rtl' : 'ltr');
  const units = text.split('');
  for (const [i, mirror] of bidi.getMirroredCharactersMap(text, levels.levels)) units[i] = mirror;
  for (const [start = 0, end = start] of bidi.getReorderSegments(text, levels)) {
    const reversed = units.slice(start, end + 1).reverse();
    units.splice(start, reversed.length, ...reversed);
  }
  // A surrogate pair reversed as two code units is put back in order.
  return units.join('').replace(/([\udc00-\udfff])([\ud800-\udbff])/g, '$2$1');
}

/** `text` as fontkit must receive it to draw it in the reader's order (see the module comment). */
export function forFontkit(text: string, rtl: boolean): string {
  if (!rtl && !NEEDS_BIDI.test(text)) return text;
  const visual = visualOrder(text, rtl);
  const reversed = [...visual].reverse().join('');
  return fontkitReverses(reversed) ? reversed : visual;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (whole, hex?: string, dec?: string, name?: string) =>
    hex
      ? String.fromCodePoint(parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : (ENTITIES[name!] ?? whole),
  );
const encode = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Every `<text>` (and `<tspan>`) content of an SVG page rewritten {@link forFontkit} for svg-to-pdfkit; `rtl`
 * is the board's direction (a text's own `direction="rtl"` says so too). The anchors are left as they are: the
 * text keeps its width.
 */
export function svgForPdf(svg: string, rtl: boolean): string {
  return svg.replace(
    /(<(text|tspan)\b([^>]*)>)([^<]+)(?=<)/g,
    (_whole, open: string, _tag: string, attrs: string, content: string) =>
      `${open}${encode(forFontkit(decode(content), rtl || /direction="rtl"/.test(attrs)))}`,
  );
}
