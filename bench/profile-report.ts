/**
 * The Markdown of `npm run bench:profile`: per request, each server's
 * main-thread time by area, the dashkit server's top functions by self and
 * inclusive time (source file and line through the source maps), where its
 * entry points' time goes by callee, and the functions whose time differs
 * most from the bare server's.
 */
import { STATS_PATH } from './cache-hit-servers.js';
import type { Area, FunctionTime, ProfileSummary } from './cpuprofile.js';
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
}

const AREAS: [Area, string][] = [
  ['dashkit', "dashkit's code (server-adapter/, src/ through the source maps)"],
  ['node', "Node's JavaScript (node:_http_server, node:_http_outgoing, node:net, …)"],
  ['native', 'native functions called from JS (C++ bindings: socket writes, header checks, …)'],
  ['dependency', 'dependencies (node_modules)'],
  ['gc', 'garbage collector'],
  ['program', '(program): V8 and libuv outside any JS function (parsing HTTP, epoll, …)'],
];

const hot = (fn: FunctionTime) =>
  fn.lines
    .slice(0, 3)
    .map((l) => `${l.location.replace(/^.*\//, '')} (${l.ticks})`)
    .join(', ');

export function profileReport(run: ProfileRun, bare: Profiled, dashkit: Profiled, top: number): string {
  const busyUs = (s: ProfileSummary) => Object.values(s.byArea).reduce((a, b) => a + b, 0) - s.byArea.idle;
  const perRequest = (us: number, p: Profiled) => (us / p.requests).toFixed(2);
  const share = (us: number, p: Profiled) => `${((us / busyUs(p.summary)) * 100).toFixed(1)} %`;

  const lines = [
    `## Where a cache hit's time goes: \`node --cpu-prof --cpu-prof-interval ${run.interval}\`, main thread`,
    '',
    `Load: \`${wrkCommand(run.wrk, `http://127.0.0.1:<port>${STATS_PATH}`)}\`, ${run.rounds} rounds on each server, alternated, after a 3 s warm-up; samples inside wrk's runs only.`,
    '',
    '| µs of main-thread CPU per request | bare | dashkit | dashkit − bare |',
    '|---|---:|---:|---:|',
    `| req/s under the profiler | ${bare.rps.toFixed(0)} | ${dashkit.rps.toFixed(0)} | ratio ${(dashkit.rps / bare.rps).toFixed(2)} |`,
    `| **busy (all but idle)** | **${perRequest(busyUs(bare.summary), bare)}** | **${perRequest(busyUs(dashkit.summary), dashkit)}** | **${(busyUs(dashkit.summary) / dashkit.requests - busyUs(bare.summary) / bare.requests).toFixed(2)}** |`,
    ...AREAS.map(
      ([area, label]) =>
        `| ${label} | ${perRequest(bare.summary.byArea[area], bare)} | ${perRequest(dashkit.summary.byArea[area], dashkit)} | ${(dashkit.summary.byArea[area] / dashkit.requests - bare.summary.byArea[area] / bare.requests).toFixed(2)} |`,
    ),
    `| idle (waiting for wrk) | ${perRequest(bare.summary.byArea.idle, bare)} | ${perRequest(dashkit.summary.byArea.idle, dashkit)} | |`,
    '',
    `### dashkit server: top ${top} functions by self time (${dashkit.summary.samples} samples)`,
    '',
    '| # | function | where | self, % of busy | self µs/request | inclusive % | hottest lines (ticks) |',
    '|---:|---|---|---:|---:|---:|---|',
  ];
  const bySelf = dashkit.summary.functions.filter((f) => f.area !== 'idle').sort((a, b) => b.selfUs - a.selfUs);
  bySelf.slice(0, top).forEach((fn, i) => {
    lines.push(
      `| ${i + 1} | \`${fn.name}\` | ${fn.location} | ${share(fn.selfUs, dashkit)} | ${perRequest(fn.selfUs, dashkit)} | ${share(fn.totalUs, dashkit)} | ${fn.area === 'dashkit' ? hot(fn) : ''} |`,
    );
  });

  lines.push(
    '',
    "### dashkit server: its own functions by inclusive time (callees included, Node's and native ones too)",
    '',
    '| function | where | inclusive, % of busy | µs/request | self µs/request |',
    '|---|---|---:|---:|---:|',
  );
  const own = dashkit.summary.functions.filter((f) => f.area === 'dashkit').sort((a, b) => b.totalUs - a.totalUs);
  for (const fn of own.slice(0, top)) {
    lines.push(
      `| \`${fn.name}\` | ${fn.location} | ${share(fn.totalUs, dashkit)} | ${perRequest(fn.totalUs, dashkit)} | ${perRequest(fn.selfUs, dashkit)} |`,
    );
  }

  // Where the time of dashkit's entry points goes: the listener and the fast path (the own functions on most stacks).
  for (const fn of own.filter((f) => f.totalUs >= busyUs(dashkit.summary) / 2)) {
    lines.push(
      '',
      `### Inside \`${fn.name}\` (${fn.location}): ${perRequest(fn.totalUs, dashkit)} µs/request, by direct callee`,
      '',
      '| callee | where | µs/request | % of the function |',
      '|---|---|---:|---:|',
      `| (its own code) | | ${perRequest(fn.selfUs, dashkit)} | ${((fn.selfUs / fn.totalUs) * 100).toFixed(1)} % |`,
      ...[...fn.callees]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(
          ([callee, us]) =>
            `| \`${callee.name}\` | ${callee.location} | ${perRequest(us, dashkit)} | ${((us / fn.totalUs) * 100).toFixed(1)} % |`,
        ),
    );
  }

  // Functions of both servers by name and place: what the dashkit server spends more on per request.
  const key = (fn: FunctionTime) => `${fn.name} ${fn.location}`;
  const bareSelf = new Map(bare.summary.functions.map((fn) => [key(fn), fn.selfUs / bare.requests]));
  const dashSelf = new Map(dashkit.summary.functions.map((fn) => [key(fn), fn.selfUs / dashkit.requests]));
  const gaps = [...new Set([...bareSelf.keys(), ...dashSelf.keys()])]
    .filter((k) => !k.startsWith('(idle)'))
    .map((k) => ({ k, bare: bareSelf.get(k) ?? 0, dashkit: dashSelf.get(k) ?? 0 }))
    .map((g) => ({ ...g, gap: g.dashkit - g.bare }))
    .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap));
  lines.push(
    '',
    `### The gap by function: self µs/request, dashkit − bare (largest ${top} either way)`,
    '',
    '| function and where | bare | dashkit | gap |',
    '|---|---:|---:|---:|',
    ...gaps
      .slice(0, top)
      .map(
        (g) =>
          `| \`${g.k}\` | ${g.bare.toFixed(2)} | ${g.dashkit.toFixed(2)} | ${g.gap >= 0 ? '+' : ''}${g.gap.toFixed(2)} |`,
      ),
  );
  return lines.join('\n');
}
