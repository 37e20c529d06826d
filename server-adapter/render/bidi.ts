/**
 * Right-to-left text for the PDF path. resvg (PNG) orders mixed-direction text itself; svg-to-pdfkit does
 * not: it hands each text node to fontkit, which shapes it and, when the node's first script is a
 * right-to-left one, reverses the whole node. That reversed Persian and Arabic numbers ("۲٬۸۰۴" came out
 * as "۴۰۸٬۲", since Persian digits are Arabic script) and any Latin word or number inside Persian text.
 *
 * So before a page goes to svg-to-pdfkit, each `<text>` holding right-to-left characters is split into
 * its bidirectional runs (the Unicode Bidirectional Algorithm, by `bidi-js`), placed in visual order as
 * `<tspan>`s. A run fontkit will reverse is handed over reversed, so that its reversal gives the visual
 * order back: an Arabic-script word thus reaches fontkit in logical order and still joins, and digits
 * come out in the order they are read.
 */
import bidiFactory from 'bidi-js';
import { escapeXml } from './layout.js';

type Bidi = ReturnType<typeof bidiFactory>;
let bidi: Bidi | undefined;

/** Characters of right-to-left scripts (what makes fontkit lay a text node out right to left). */
const RTL_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
/** Characters of no particular script: fontkit looks past them for the first script of a node. */
const NO_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Whether fontkit lays `text` out right to left: its first character of a real script is a right-to-left one. */
function fontkitReverses(text: string): boolean {
  for (const ch of text) if (!NO_SCRIPT.test(ch)) return RTL_SCRIPT.test(ch);
  return false;
}

/** `text` (logical order) as words and spaces in visual order, each as fontkit must receive it. */
export function visualRuns(text: string, direction?: 'ltr' | 'rtl'): string[] {
  bidi ??= bidiFactory();
  const levels = bidi.getEmbeddingLevels(text, direction);
  const chars = [...text];
  // Code-point indices ↔ UTF-16 indices: bidi-js works on UTF-16 code units.
  const units: string[] = [];
  const unitLevels: number[] = [];
  let unit = 0;
  for (const ch of chars) {
    units.push(ch);
    unitLevels.push(levels.levels[unit]!);
    unit += ch.length;
  }
  // Mirrored glyphs (brackets) in right-to-left runs.
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
  unit = 0;
  for (let i = 0; i < units.length; i++) {
    const m = mirrored.get(unit);
    if (m) units[i] = m;
    unit += chars[i]!.length;
  }
  // Visual order: reverse each segment bidi-js names, on code-point indices.
  const order = units.map((_, i) => i);
  const unitToIndex = new Map<number, number>();
  unit = 0;
  chars.forEach((ch, i) => {
    unitToIndex.set(unit, i);
    unit += ch.length;
  });
  for (const [start = 0, end = -1] of bidi.getReorderSegments(text, levels)) {
    const from = unitToIndex.get(start);
    let to = unitToIndex.get(end);
    // `end` may point at the second unit of a surrogate pair.
    if (to === undefined) to = unitToIndex.get(end - 1);
    if (from === undefined || to === undefined) continue;
    const slice = order.slice(from, to + 1).reverse();
    order.splice(from, slice.length, ...slice);
  }
  // Runs of one embedding level, in visual order.
  const runs: string[] = [];
  let current = '';
  let level = -1;
  for (const i of order) {
    if (unitLevels[i] !== level && current) {
      runs.push(current);
      current = '';
    }
    level = unitLevels[i]!;
    current += units[i];
  }
  if (current) runs.push(current);
  // PDFKit lays text out a word at a time (split at spaces, words kept in string order; svg-to-pdfkit
  // turns every white space, no-break ones too, into a space first), so each word
  // goes to fontkit alone: hand over single words and the spaces between them, in visual order.
  // The bidi controls (marks, isolates, embeddings) have done their work; they draw nothing.
  const tokens = runs.flatMap((run) => run.replace(BIDI_CONTROLS, '').split(/(\s+)/).filter(Boolean));
  return tokens.map((token) => (fontkitReverses(token) ? [...token].reverse().join('') : token));
}

const TEXT = /<text(\s[^>]*)?>([^<]*)<\/text>/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

function unescapeXml(text: string): string {
  return text.replace(
    /&(?:amp|lt|gt|quot|apos|#39);|&#(\d+);|&#x([0-9a-f]+);/gi,
    (entity, dec?: string, hex?: string) =>
      dec
        ? String.fromCodePoint(Number(dec))
        : hex
          ? String.fromCodePoint(parseInt(hex, 16))
          : (ENTITIES[entity] ?? entity),
  );
}

/**
 * `svg` with every `<text>` that holds right-to-left characters rewritten as visual-order `<tspan>` runs
 * for svg-to-pdfkit (see the module comment). Other text, and the rest of the document, is unchanged.
 */
export function pdfVisualText(svg: string): string {
  return svg.replace(TEXT, (whole, attrs: string | undefined, content: string) => {
    const text = unescapeXml(content);
    const rtlParagraph = /\sdirection="rtl"/.test(attrs ?? '');
    if (!RTL_SCRIPT.test(text) && !rtlParagraph) return whole;
    const runs = visualRuns(text, rtlParagraph ? 'rtl' : undefined);
    // svg-to-pdfkit still anchors by `direction` (start is the right end in right-to-left text).
    // `xml:space` keeps the spaces between the pieces (svg-to-pdfkit trims each piece's ends otherwise).
    const open = /xml:space=/.test(attrs ?? '') ? (attrs ?? '') : `${attrs ?? ''} xml:space="preserve"`;
    return `<text${open}>${runs.map((r) => `<tspan>${escapeXml(r)}</tspan>`).join('')}</text>`;
  });
}
