/**
 * Rendering budgets (issue 15, item 7): the demo board rendered as PDF and
 * PNG through the server (PGlite with the demo data, the dashkit cache not
 * involved: a render reads the engine), p50 of each, and the process's RSS
 * after the 10th and the 100th render, each read after a full garbage
 * collection and a turn of the event loop (Node-API finalizers, which free
 * resvg's pixmaps, run on that turn) — the figure to watch is the growth from
 * the 10th to the 100th: a leak grows it linearly (it was ≈ 43 MB per PNG,
 * RSS ×3 over 100 mixed renders, before the rasteriser freed its pixmaps);
 * a warm heap does not. Budget: at most 5 % growth. JS heap and external
 * memory are reported beside RSS to tell a JS leak from a native one.
 *
 *   npm run bench -- --render    only this table
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEMO_BOARD } from '../server-adapter/demo/board.js';
import { createDashboardServer } from '../server-adapter/server.js';

export interface RenderBenchResult {
  pdfP50: number;
  pngP50: number;
  svgP50: number;
  htmlP50: number;
  pdfBytes: number;
  pngBytes: number;
  renders: number;
  rssAt10: number;
  rssAtEnd: number;
  heapAt10: number;
  heapAtEnd: number;
  externalAt10: number;
  externalAtEnd: number;
}

/** RSS growth from the 10th render to the last that the budget allows. */
export const RSS_GROWTH_BUDGET = 0.05;

/** `gc()`, exposed for this process if node was started without `--expose-gc`. */
function collector(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Memory after a full collection and the finalizers it queued (run on the next turn of the event loop). */
async function settledMemory(gc: () => void): Promise<NodeJS.MemoryUsage> {
  gc();
  await new Promise<void>((resolve) => setImmediate(resolve));
  gc();
  return process.memoryUsage();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mb = (bytes: number) => bytes / 1024 / 1024;

export async function renderBench(renders = 100, log: (line: string) => void = () => {}): Promise<RenderBenchResult> {
  const server = createDashboardServer({
    seedDemo: true,
    boards: { demo: DEMO_BOARD },
    logger: { info() {}, warn() {}, error() {} },
  });
  await server.ready;
  try {
    const once = async (format: string) => {
      const started = performance.now();
      const response = await server.fetch(new Request(`http://localhost/v1/boards/demo/render.${format}`));
      const bytes = (await response.arrayBuffer()).byteLength;
      if (response.status !== 200) throw new Error(`render.${format} answered ${response.status}`);
      return { ms: performance.now() - started, bytes };
    };
    // Warm: fonts read, ECharts and the engine's statements compiled.
    for (const f of ['pdf', 'png', 'svg', 'html']) await once(f);
    const times: Record<string, number[]> = { pdf: [], png: [], svg: [], html: [] };
    const sizes: Record<string, number> = {};
    const formats = ['pdf', 'png', 'pdf', 'svg', 'pdf', 'html', 'pdf', 'png'];
    const gc = collector();
    let at10: NodeJS.MemoryUsage | undefined;
    for (let i = 0; i < renders; i++) {
      const format = formats[i % formats.length]!;
      const { ms, bytes } = await once(format);
      times[format]!.push(ms);
      sizes[format] = bytes;
      if (i === 9) at10 = await settledMemory(gc);
      if ((i + 1) % 25 === 0) log(`render: ${i + 1}/${renders}`);
    }
    const end = await settledMemory(gc);
    return {
      pdfP50: median(times['pdf']!),
      pngP50: median(times['png']!),
      svgP50: median(times['svg']!),
      htmlP50: median(times['html']!),
      pdfBytes: sizes['pdf'] ?? 0,
      pngBytes: sizes['png'] ?? 0,
      renders,
      rssAt10: at10?.rss ?? Number.NaN,
      rssAtEnd: end.rss,
      heapAt10: at10?.heapUsed ?? Number.NaN,
      heapAtEnd: end.heapUsed,
      externalAt10: at10?.external ?? Number.NaN,
      externalAtEnd: end.external,
    };
  } finally {
    await server.close();
  }
}

export function renderTable(r: RenderBenchResult): string {
  const ms = (x: number) => x.toFixed(0);
  return [
    '| format | p50 ms | size |',
    '|---|---:|---:|',
    `| PDF (A4, vector, fonts embedded) | ${ms(r.pdfP50)} | ${(r.pdfBytes / 1024).toFixed(0)} KB |`,
    `| PNG (2×) | ${ms(r.pngP50)} | ${(r.pngBytes / 1024).toFixed(0)} KB |`,
    `| SVG | ${ms(r.svgP50)} | |`,
    `| HTML | ${ms(r.htmlP50)} | |`,
    '',
    `RSS after the 10th render ${mb(r.rssAt10).toFixed(0)} MB, after the ${r.renders}th ${mb(r.rssAtEnd).toFixed(0)} MB (growth ${(mb(r.rssAtEnd) - mb(r.rssAt10)).toFixed(0)} MB over ${r.renders - 10} renders; ratio ${(r.rssAtEnd / r.rssAt10).toFixed(3)}, budget ≤ ${(1 + RSS_GROWTH_BUDGET).toFixed(2)}: ${r.rssAtEnd / r.rssAt10 <= 1 + RSS_GROWTH_BUDGET ? 'within' : 'OVER'}).`,
    `JS heap ${mb(r.heapAt10).toFixed(1)} → ${mb(r.heapAtEnd).toFixed(1)} MB, external ${mb(r.externalAt10).toFixed(1)} → ${mb(r.externalAtEnd).toFixed(1)} MB (after a full collection each).`,
  ].join('\n');
}
