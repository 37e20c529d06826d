/**
 * Reading a V8 `.cpuprofile` (what `node --cpu-prof` writes): the time of
 * each function, self and inclusive, over a window of the run only, with
 * bundled code mapped back to its source file and line through the
 * bundle's source map, and the hottest lines of a function.
 *
 * Timestamps: a profile's `startTime` and `timeDeltas` are microseconds on
 * the monotonic clock `process.hrtime` reads (Linux), so windows taken with
 * `process.hrtime.bigint() / 1000n` in another process select its samples.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `own`: the server's own code (dashkit's, through the source maps; bare-server.mjs). */
export type Area = 'idle' | 'gc' | 'program' | 'own' | 'node' | 'native' | 'dependency';

export interface FunctionTime {
  name: string;
  /** `server-adapter/fast-path.ts:140` for bundled code, `node:_http_outgoing:368` for Node's, `(native)` for C++. */
  location: string;
  area: Area;
  selfUs: number;
  /** Time with this function anywhere on the stack (counted once per sample). */
  totalUs: number;
  /** Hottest source lines of the function body, over the whole run (V8 keeps no per-line timestamps). */
  lines: { location: string; ticks: number }[];
}

export interface ProfileSummary {
  windowUs: number;
  /** Samples in the window. */
  samples: number;
  functions: FunctionTime[];
  byArea: Record<Area, number>;
  /** Everything called under `fn` (wherever it was called from), merged by function. */
  tree(fn: FunctionTime): CallTree;
}

export interface CallTree {
  fn: FunctionTime;
  selfUs: number;
  totalUs: number;
  /** Largest first. */
  children: CallTree[];
}

const ROOT = resolve(import.meta.dirname, '..');

/** Maps bundle positions to sources; one source map per bundle file, loaded once. */
function sourceMapper(): (url: string, line: number, column: number) => string | undefined {
  const maps = new Map<string, { map: SourceMap; lines: string[] } | null>();
  return (url, line, column) => {
    if (!url.startsWith('file://')) return undefined;
    let loaded = maps.get(url);
    if (loaded === undefined) {
      const file = fileURLToPath(url);
      loaded = existsSync(`${file}.map`)
        ? {
            map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))),
            lines: readFileSync(file, 'utf8').split('\n'),
          }
        : null;
      maps.set(url, loaded);
    }
    if (!loaded) return relative(ROOT, fileURLToPath(url)) + `:${line + 1}`;
    // A line tick has no column: take the line's first non-blank character.
    const col = column >= 0 ? column : (loaded.lines[line]?.search(/\S/) ?? 0);
    const entry = loaded.map.findEntry(line, Math.max(0, col)) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (!entry.originalSource || entry.originalLine === undefined) return undefined;
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : resolve(fileURLToPath(new URL('.', url)), entry.originalSource);
    return `${relative(ROOT, source)}:${entry.originalLine + 1}`;
  };
}

function areaOf(frame: CallFrame, location: string): Area {
  if (frame.functionName === '(idle)') return 'idle';
  if (frame.functionName === '(garbage collector)') return 'gc';
  if (frame.functionName === '(program)' || frame.functionName === '(root)') return 'program';
  if (frame.url.startsWith('node:')) return 'node';
  if (location === '(native)') return 'native';
  if (location.includes('node_modules')) return 'dependency';
  return 'own';
}

export interface Window {
  fromUs: number;
  toUs: number;
}

/** Function times over the samples taken inside `windows`. */
export function summarise(profile: CpuProfile, windows: readonly Window[]): ProfileSummary {
  const inside = (us: number) => windows.some((w) => us >= w.fromUs && us < w.toUs);
  const mapSource = sourceMapper();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const functions = new Map<string, FunctionTime>();
  const functionOf = new Map<number, FunctionTime>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
    let fn = functions.get(key);
    if (!fn) {
      const location =
        mapSource(f.url, f.lineNumber, f.columnNumber) ??
        (f.url
          ? `${f.url.replace(/^file:\/\//, '')}:${f.lineNumber + 1}`
          : f.functionName.startsWith('(')
            ? ''
            : '(native)');
      fn = {
        name: f.functionName || '(anonymous)',
        location,
        area: areaOf(f, location),
        selfUs: 0,
        totalUs: 0,
        lines: [],
      };
      functions.set(key, fn);
    }
    for (const tick of node.positionTicks ?? []) {
      const location = mapSource(f.url, tick.line - 1, -1) ?? `${f.url}:${tick.line}`;
      const line = fn.lines.find((l) => l.location === location);
      if (line) line.ticks += tick.ticks;
      else fn.lines.push({ location, ticks: tick.ticks });
    }
    functionOf.set(node.id, fn);
  }

  const byArea: Record<Area, number> = { idle: 0, gc: 0, program: 0, own: 0, node: 0, native: 0, dependency: 0 };
  let at = profile.startTime;
  let samples = 0;
  const nodeSelf = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    if (!inside(at)) continue;
    samples++;
    const leaf = functionOf.get(profile.samples[i]!)!;
    leaf.selfUs += weight;
    byArea[leaf.area] += weight;
    nodeSelf.set(profile.samples[i]!, (nodeSelf.get(profile.samples[i]!) ?? 0) + weight);
    const seen = new Set<FunctionTime>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const fn = functionOf.get(id)!;
      if (!seen.has(fn)) {
        seen.add(fn);
        fn.totalUs += weight;
      }
    }
  }
  for (const fn of functions.values()) fn.lines.sort((a, b) => b.ticks - a.ticks);

  // Inclusive time of each node of the profile's call tree, and merged subtrees of a function.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const nodeTotal = new Map<number, number>();
  const totalOf = (id: number): number => {
    let total = nodeTotal.get(id);
    if (total === undefined) {
      total = (nodeSelf.get(id) ?? 0) + (byId.get(id)!.children ?? []).reduce((sum, c) => sum + totalOf(c), 0);
      nodeTotal.set(id, total);
    }
    return total;
  };
  const merge = (fn: FunctionTime, ids: number[]): CallTree => {
    const groups = new Map<FunctionTime, number[]>();
    for (const id of ids) {
      for (const child of byId.get(id)!.children ?? []) {
        const childFn = functionOf.get(child)!;
        groups.set(childFn, [...(groups.get(childFn) ?? []), child]);
      }
    }
    return {
      fn,
      selfUs: ids.reduce((sum, id) => sum + (nodeSelf.get(id) ?? 0), 0),
      totalUs: ids.reduce((sum, id) => sum + totalOf(id), 0),
      children: [...groups]
        .map(([childFn, childIds]) => merge(childFn, childIds))
        .sort((a, b) => b.totalUs - a.totalUs),
    };
  };
  const tree = (fn: FunctionTime) => {
    const outermost = profile.nodes.filter((node) => {
      if (functionOf.get(node.id) !== fn) return false;
      for (let id = parent.get(node.id); id !== undefined; id = parent.get(id))
        if (functionOf.get(id) === fn) return false;
      return true;
    });
    return merge(
      fn,
      outermost.map((node) => node.id),
    );
  };

  const windowUs = windows.reduce((sum, w) => sum + w.toUs - w.fromUs, 0);
  return { windowUs, samples, functions: [...functions.values()], byArea, tree };
}
