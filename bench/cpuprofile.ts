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

export type Area = 'idle' | 'gc' | 'program' | 'dashkit' | 'node' | 'native' | 'dependency';

export interface FunctionTime {
  name: string;
  /** `server-adapter/fast-path.ts:140` for bundled code, `node:_http_outgoing:368` for Node's. */
  location: string;
  area: Area;
  selfUs: number;
  /** Time with this function anywhere on the stack (counted once per sample). */
  totalUs: number;
  /** Time in each function it called directly, callees' callees included. */
  callees: Map<FunctionTime, number>;
  /** Hottest source lines of the function body, over the whole run (V8 keeps no per-line timestamps). */
  lines: { location: string; ticks: number }[];
}

export interface ProfileSummary {
  windowUs: number;
  /** Samples in the window. */
  samples: number;
  functions: FunctionTime[];
  byArea: Record<Area, number>;
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
  if (frame.url === '') return 'native';
  if (location.includes('node_modules')) return 'dependency';
  return 'dashkit';
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
  const indexOf = new Map<FunctionTime, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
    let fn = functions.get(key);
    if (!fn) {
      const location =
        mapSource(f.url, f.lineNumber, f.columnNumber) ??
        (f.url ? `${f.url.replace(/^file:\/\//, '')}:${f.lineNumber + 1}` : '');
      fn = {
        name: f.functionName || '(anonymous)',
        location,
        area: areaOf(f, location),
        selfUs: 0,
        totalUs: 0,
        callees: new Map(),
        lines: [],
      };
      functions.set(key, fn);
      indexOf.set(fn, indexOf.size);
    }
    for (const tick of node.positionTicks ?? []) {
      const location = mapSource(f.url, tick.line - 1, -1) ?? `${f.url}:${tick.line}`;
      const line = fn.lines.find((l) => l.location === location);
      if (line) line.ticks += tick.ticks;
      else fn.lines.push({ location, ticks: tick.ticks });
    }
    functionOf.set(node.id, fn);
  }

  const byArea: Record<Area, number> = { idle: 0, gc: 0, program: 0, dashkit: 0, node: 0, native: 0, dependency: 0 };
  let at = profile.startTime;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    if (!inside(at)) continue;
    samples++;
    const leaf = functionOf.get(profile.samples[i]!)!;
    leaf.selfUs += weight;
    byArea[leaf.area] += weight;
    const seen = new Set<FunctionTime>();
    const seenCalls = new Set<string>();
    let callee: FunctionTime | undefined;
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const fn = functionOf.get(id)!;
      if (!seen.has(fn)) {
        seen.add(fn);
        fn.totalUs += weight;
      }
      const call = callee && `${indexOf.get(fn)} ${indexOf.get(callee)}`;
      if (callee && call && callee !== fn && !seenCalls.has(call)) {
        seenCalls.add(call);
        fn.callees.set(callee, (fn.callees.get(callee) ?? 0) + weight);
      }
      callee = fn;
    }
  }
  for (const fn of functions.values()) fn.lines.sort((a, b) => b.ticks - a.ticks);
  const windowUs = windows.reduce((sum, w) => sum + w.toUs - w.fromUs, 0);
  return { windowUs, samples, functions: [...functions.values()], byArea };
}
