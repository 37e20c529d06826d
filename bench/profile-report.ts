/**
 * The Markdown of `npm run bench:profile`, per request: each server's
 * main-thread time by area; the two request handlers side by side by
 * callee, and dashkit's as a call tree; the dashkit server's top functions
 * by self time (source file and line through the source maps, with their
 * hottest lines); and the functions whose time differs most from the bare
 * server's.
 */
import { STATS_PATH } from './cache-hit-servers.js';
import type { Area, CallTree, FunctionTime, ProfileSummary } from './cpuprofile.js';
import { wrkCommand, type WrkOptions } from './wrk.js';

export interface Profiled {
  summary: ProfileSummary;
  /** wrk's requests over the profiled windows. */
  requests: number;
  rps: number;
}

export interface ProfileRun {
  wrk: WrkOptions;
  rounds: number;
  /** Sampling interval, µs. */
  interval: number;
  /** Per server, the other processes' CPU in each kept round (1 = a core). */
  otherCpu?: Record<'bare' | 'dashkit', number[]>;
}

const AREAS: [Area, string][] = [
  ['own', "the server's own code (dashkit's through the source maps; the bare server's handler)"],
  ['node', "Node's JavaScript (node:_http_server, node:_http_outgoing, node:net, …)"],
  ['native', 'native functions called from JS (C++ bindings: the writev syscall, header checks, …)'],
  ['dependency', 'dependencies (node_modules)'],
  ['gc', 'garbage collector'],
  ['program', '(program): V8 and libuv outside any JS function (parsing HTTP, epoll, …)'],
];

const hot = (fn: FunctionTime) =>
  fn.lines
    .slice(0, 3)
    .map((l) => `${l.location.replace(/^.*\//, '')} (${l.ticks})`)
    .join(', ');

const busyUs = (s: ProfileSummary) => Object.values(s.byArea).reduce((a, b) => a + b, 0) - s.byArea.idle;
const key = (fn: FunctionTime) => `\`${fn.name}\` ${fn.location}`.trim();
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/**
 * The request handler: from the server's own function on most stacks, down
 * through own callees holding nearly all its time (dashkit's listener → its
 * fast path), to the one whose time goes to Node and dependencies.
 */
function handlerTree(p: Profiled): CallTree | undefined {
  const top = p.summary.functions.filter((f) => f.area === 'own').sort((a, b) => b.totalUs - a.totalUs)[0];
  if (!top) return undefined;
  let tree = p.summary.tree(top);
  for (;;) {
    const next = tree.children[0];
    if (!next || next.fn.area !== 'own' || next.totalUs < 0.9 * tree.totalUs) return tree;
    tree = next;
  }
}

export function profileReport(run: ProfileRun, bare: Profiled, dashkit: Profiled, top: number): string {
  const perRequest = (us: number, p: Profiled) => (us / p.requests).toFixed(2);
  const gap = (b: number, d: number) => signed(d / dashkit.requests - b / bare.requests);
  const lines = [
    `## Where a cache hit's time goes: \`node --cpu-prof --cpu-prof-interval ${run.interval}\`, main thread`,
    '',
    `Load: \`${wrkCommand(run.wrk, `http://127.0.0.1:<port>${STATS_PATH}`)}\`, ${run.rounds} rounds on each server, alternated, after a 3 s warm-up; samples inside wrk's runs only.${
      run.otherCpu
        ? ` Other processes' CPU in the kept rounds, % of a core: bare ${run.otherCpu.bare.map((x) => (x * 100).toFixed(0)).join(', ')}; dashkit ${run.otherCpu.dashkit.map((x) => (x * 100).toFixed(0)).join(', ')}.`
        : ''
    }`,
    '',
    '| µs of main-thread CPU per request | bare | dashkit | dashkit − bare |',
    '|---|---:|---:|---:|',
    `| req/s under the profiler | ${bare.rps.toFixed(0)} | ${dashkit.rps.toFixed(0)} | ratio ${(dashkit.rps / bare.rps).toFixed(2)} |`,
    `| **busy (all but idle)** | **${perRequest(busyUs(bare.summary), bare)}** | **${perRequest(busyUs(dashkit.summary), dashkit)}** | **${gap(busyUs(bare.summary), busyUs(dashkit.summary))}** |`,
    ...AREAS.map(
      ([area, label]) =>
        `| ${label} | ${perRequest(bare.summary.byArea[area], bare)} | ${perRequest(dashkit.summary.byArea[area], dashkit)} | ${gap(bare.summary.byArea[area], dashkit.summary.byArea[area])} |`,
    ),
    `| idle (waiting for wrk) | ${perRequest(bare.summary.byArea.idle, bare)} | ${perRequest(dashkit.summary.byArea.idle, dashkit)} | |`,
  ];

  // The two handlers side by side, by direct callee.
  const bareHandler = handlerTree(bare);
  const dashHandler = handlerTree(dashkit);
  if (bareHandler && dashHandler) {
    const rows = new Map<string, { bare: number; dashkit: number }>();
    const add = (tree: CallTree, side: 'bare' | 'dashkit') => {
      for (const child of tree.children) {
        const row = rows.get(key(child.fn)) ?? { bare: 0, dashkit: 0 };
        row[side] += child.totalUs;
        rows.set(key(child.fn), row);
      }
    };
    add(bareHandler, 'bare');
    add(dashHandler, 'dashkit');
    lines.push(
      '',
      `### The handlers by direct callee, µs/request: bare ${key(bareHandler.fn)}, dashkit ${key(dashHandler.fn)}`,
      '',
      '| callee | bare | dashkit | dashkit − bare |',
      '|---|---:|---:|---:|',
      `| **the handler, all in** | **${perRequest(bareHandler.totalUs, bare)}** | **${perRequest(dashHandler.totalUs, dashkit)}** | **${gap(bareHandler.totalUs, dashHandler.totalUs)}** |`,
      `| its own code | ${perRequest(bareHandler.selfUs, bare)} | ${perRequest(dashHandler.selfUs, dashkit)} | ${gap(bareHandler.selfUs, dashHandler.selfUs)} |`,
      ...[...rows]
        .sort((a, b) => Math.max(b[1].bare, b[1].dashkit) - Math.max(a[1].bare, a[1].dashkit))
        .slice(0, top)
        .map(
          ([k, r]) =>
            `| ${k} | ${perRequest(r.bare, bare)} | ${perRequest(r.dashkit, dashkit)} | ${gap(r.bare, r.dashkit)} |`,
        ),
      `| *outside the handler: HTTP parsing, socket reads, events, GC, …* | ${perRequest(busyUs(bare.summary) - bareHandler.totalUs, bare)} | ${perRequest(busyUs(dashkit.summary) - dashHandler.totalUs, dashkit)} | ${gap(busyUs(bare.summary) - bareHandler.totalUs, busyUs(dashkit.summary) - dashHandler.totalUs)} |`,
    );

    // dashkit's handler as a call tree: its own code and dependencies opened, Node's and native calls as leaves.
    lines.push('', `### dashkit's handler as a call tree, µs/request (total, self), ≥ 0.01`, '');
    const walk = (tree: CallTree, depth: number) => {
      if (tree.totalUs / dashkit.requests < 0.01) return;
      lines.push(
        `${'  '.repeat(depth)}- ${key(tree.fn)}: ${perRequest(tree.totalUs, dashkit)} (self ${perRequest(tree.selfUs, dashkit)})`,
      );
      if (depth === 0 || tree.fn.area === 'own' || tree.fn.area === 'dependency') {
        for (const child of tree.children) walk(child, depth + 1);
      }
    };
    walk(dashHandler, 0);
  }

  lines.push(
    '',
    `### dashkit server: top ${top} functions by self time (${dashkit.summary.samples} samples)`,
    '',
    '| # | function | where | self, % of busy | self µs/request | inclusive µs/request | hottest lines (ticks, whole run) |',
    '|---:|---|---|---:|---:|---:|---|',
  );
  const share = (us: number) => `${((us / busyUs(dashkit.summary)) * 100).toFixed(1)} %`;
  dashkit.summary.functions
    .filter((f) => f.area !== 'idle')
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, top)
    .forEach((fn, i) => {
      lines.push(
        `| ${i + 1} | \`${fn.name}\` | ${fn.location} | ${share(fn.selfUs)} | ${perRequest(fn.selfUs, dashkit)} | ${perRequest(fn.totalUs, dashkit)} | ${fn.area === 'own' ? hot(fn) : ''} |`,
      );
    });

  // Functions of both servers by name and place: what the dashkit server spends more (or less) on per request.
  const bareSelf = new Map(bare.summary.functions.map((fn) => [key(fn), fn.selfUs]));
  const dashSelf = new Map(dashkit.summary.functions.map((fn) => [key(fn), fn.selfUs]));
  const gaps = [...new Set([...bareSelf.keys(), ...dashSelf.keys()])]
    .filter((k) => !k.startsWith('`(idle)`'))
    .map((k) => ({ k, bare: bareSelf.get(k) ?? 0, dashkit: dashSelf.get(k) ?? 0 }))
    .map((g) => ({ ...g, gap: g.dashkit / dashkit.requests - g.bare / bare.requests }))
    .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap));
  lines.push(
    '',
    `### The gap by function: self µs/request, dashkit − bare (largest ${top} either way)`,
    '',
    '| function and where | bare | dashkit | dashkit − bare |',
    '|---|---:|---:|---:|',
    ...gaps
      .slice(0, top)
      .map((g) => `| ${g.k} | ${perRequest(g.bare, bare)} | ${perRequest(g.dashkit, dashkit)} | ${signed(g.gap)} |`),
  );
  return lines.join('\n');
}
