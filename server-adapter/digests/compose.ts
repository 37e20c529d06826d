/**
 * A digest as a mail: the board rendered as HTML for the body (it has no
 * script, and keeps its numbers as text), each chart in it — inline SVG,
 * which mail clients do not show — swapped for an inline PNG image
 * (`cid:`) and decorative SVGs (sparklines, `aria-hidden`) left out, a
 * plain-text alternative, and the board rendered in the digest's format
 * attached.
 */
import type { Board } from '../../src/contract/index.js';
import type { RenderedBoard, RenderOptions } from '../render/types.js';
import type { Digest } from './config.js';
import type { MailMessage } from './mail.js';

/** Renders a board: `renderBoard` with the server's engine and clock bound. */
export type RenderFn = (board: Board, options: RenderOptions) => Promise<RenderedBoard>;

/** Turns one SVG document into a PNG (the renderer's rasteriser, at 2×). */
export type RasterizeFn = (svg: string) => Promise<Uint8Array>;

/** Top-level `<svg>…</svg>` elements (an SVG nested in one is part of it). */
const SVG = /<svg\b[\s\S]*?<\/svg>/gi;
const BODY = /<body\b[^>]*>([\s\S]*)<\/body>/i;

/** The plain-text part: the HTML's text, one block per line, entities decoded. */
export function textOf(html: string): string {
  const body = BODY.exec(html)?.[1] ?? html;
  return body
    .replace(/<(style|script|svg|head)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<(br|\/p|\/div|\/h\d|\/tr|\/li|\/section|\/table|\/header|\/footer)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** The size an SVG declares, for the `<img>` that replaces it. */
function sizeOf(svg: string): { width?: string; height?: string } {
  const open = /^<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}="([\\d.]+)(?:px)?"`).exec(open)?.[1];
  const box = /\sviewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(open);
  const width = attr('width') ?? box?.[1];
  const height = attr('height') ?? box?.[2];
  return {
    ...(width ? { width: String(Math.round(Number(width))) } : {}),
    ...(height ? { height: String(Math.round(Number(height))) } : {}),
  };
}

/** A label for a chart image: its `aria-label` or `<title>`, else "Chart". */
function altOf(svg: string): string {
  const label = /^<svg\b[^>]*\saria-label="([^"]*)"/i.exec(svg)?.[1] ?? /<title>([^<]*)<\/title>/i.exec(svg)?.[1];
  return label?.trim() || 'Chart';
}

export interface ComposeInput {
  digest: Digest;
  board: Board;
  render: RenderFn;
  rasterize: RasterizeFn;
  /** Recipients, when not the digest's own (`dashkit digest <id> --to`). */
  to?: readonly string[] | undefined;
  /** When the digest is sent: its date goes in the default subject. */
  at: Date;
}

/** The mail of one digest, with the rendered file it attaches. */
export async function composeDigest(input: ComposeInput): Promise<{ message: MailMessage; file: RenderedBoard }> {
  const { digest, board, render, rasterize, at } = input;
  const options = { scope: digest.scope };
  const [page, file] = await Promise.all([
    render(board, { ...options, format: 'html' }),
    digest.format === 'html' ? undefined : render(board, { ...options, format: digest.format }),
  ]);
  const html = new TextDecoder().decode(page.body);
  const images: { cid: string; png: Uint8Array }[] = [];
  // A decorative SVG (a card's sparkline, `aria-hidden`) is styled by the page's CSS, which a lone image loses,
  // and says nothing the text does not: it is left out of the mail rather than drawn wrong.
  const decorative = (svg: string) => /^<svg\b[^>]*\saria-hidden="true"/i.test(svg);
  const charts = [...html.matchAll(SVG)].map((m) => m[0]).filter((svg) => !decorative(svg));
  const pngs = await Promise.all(charts.map((svg) => rasterize(svg)));
  let i = 0;
  const body = html.replace(SVG, (svg) => {
    if (decorative(svg)) return '';
    const png = pngs[i++]!;
    const cid = `chart-${i}@dashkit`;
    images.push({ cid, png });
    const { width, height } = sizeOf(svg);
    const alt = altOf(svg).replace(/"/g, '&quot;');
    return `<img src="cid:${cid}" alt="${alt}"${width ? ` width="${width}"` : ''}${height ? ` height="${height}"` : ''} style="display:block;max-width:100%;height:auto">`;
  });
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: digest.timezone, dateStyle: 'short' }).format(at);
  const attached = file ?? page;
  return {
    file: attached,
    message: {
      to: [...(input.to ?? digest.to)],
      subject: digest.subject ?? `${board.title} — ${date}`,
      html: body,
      text: textOf(html),
      attachments: [
        { filename: attached.filename, content: Buffer.from(attached.body), contentType: attached.contentType },
        ...images.map((img, n) => ({
          filename: `chart-${n + 1}.png`,
          content: Buffer.from(img.png),
          contentType: 'image/png',
          cid: img.cid,
          contentDisposition: 'inline' as const,
        })),
      ],
    },
  };
}
