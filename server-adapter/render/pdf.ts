/**
 * PDF through PDFKit: each laid-out SVG page drawn by svg-to-pdfkit as
 * vectors, its text as real PDF text in the embedded (subset) Vazirmatn
 * faces — selectable, searchable, shaped by fontkit for Persian and Arabic.
 */
import PDFDocument from 'pdfkit';
import type { Paper } from '../../src/contract/index.js';
import SVGtoPDF from 'svg-to-pdfkit';
import { svgForPdf } from './bidi.js';
import type { BoardView } from './data.js';
import { fontData } from './fonts.js';
import type { LaidOut } from './layout.js';

/** Page sizes in PDF points: A4 is 210×297 mm, Letter 8.5×11 in. */
const PAPER_POINTS: Readonly<Record<Paper, [number, number]>> = { a4: [595.28, 841.89], letter: [612, 792] };

/** The part of PDFKit's embedded font this file reaches into. */
interface EncodingFont {
  encode(text: string, features?: readonly string[]): unknown;
}

/**
 * Makes the font `name` of `doc` lay every text out as one run. PDFKit's
 * `encode` cuts a text at each space and lets fontkit lay out each word on
 * its own, so a right-to-left word is reversed with its trailing space and
 * the words stay in logical order ("فروشگاه آکمه" printed as its two words
 * swapped, the space at an end). Given features, PDFKit lays the text out in
 * one fontkit run instead; {@link svgForPdf} prepares each text for exactly
 * that. PDFKit 0.20 internals (`_font`, `encode(text, features)`).
 */
function layoutWholeTexts(doc: PDFKit.PDFDocument, name: string): void {
  doc.font(name);
  const font = (doc as unknown as { _font: EncodingFont })._font;
  const encode = font.encode.bind(font);
  font.encode = (text, features) => encode(text, features ?? []);
}

export async function renderPdf(
  laid: LaidOut,
  view: BoardView,
  paper: Paper,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const fonts = fontData();
  const size = PAPER_POINTS[paper];
  const doc = new PDFDocument({
    size,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: view.title, Creator: 'dashkit', Producer: 'dashkit (PDFKit)' },
    lang: view.format.locale,
    displayTitle: true,
  });
  doc.registerFont('Vazirmatn', fonts.regular);
  doc.registerFont('Vazirmatn-Bold', fonts.bold);
  layoutWholeTexts(doc, 'Vazirmatn');
  layoutWholeTexts(doc, 'Vazirmatn-Bold');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  for (const page of laid.pages) {
    signal?.throwIfAborted();
    doc.addPage({ size, margin: 0 });
    SVGtoPDF(doc, svgForPdf(page, view.rtl), 0, 0, {
      width: size[0],
      height: size[1],
      assumePt: false,
      fontCallback: (_family: string, bold: boolean) => (bold ? 'Vazirmatn-Bold' : 'Vazirmatn'),
    });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
