/** The cache-hit benchmark's Markdown: every round, then the medians and the ratio. */
import { cpus } from 'node:os';
import type { CacheHitResult, Round, ServerName } from './cache-hit.js';
import { STATS_PATH } from './cache-hit-servers.js';
import { wrkCommand } from './wrk.js';

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const int = (x: number) => x.toFixed(0);
const LABEL: Record<ServerName, string> = { bare: 'bare node:http', dashkit: 'dashkit serve' };

export function cacheHitTable(r: CacheHitResult): string {
  const { threads, connections, seconds, rounds } = r.options;
  const command = wrkCommand({ threads, connections, seconds }, `http://127.0.0.1:<port>${STATS_PATH}`);
  const lines = [
    `Run ${r.date} on ${cpus().length} cores (Node ${process.version}), with \`npm run bench:http -- --seconds ${seconds} --rounds ${rounds}${r.options.together ? ' --together' : ''}\`.`,
    '',
    `Command, per round, against each server ${r.options.together ? 'at the same time (a wrk process each)' : 'in turn'}: \`${command}\``,
    '',
    `Servers, each its own process: \`node dist/cli.js serve --port 0 --invalidate-secret <random>\` (embedded demo database,`,
    `memory cache) and \`node bench/bare-server.mjs <recorded answer>\`, which replies the status, headers`,
    `(${r.headers.join(', ')}) and ${r.bodyBytes} body bytes dashkit gave for the same URL. ${rounds} rounds of ${seconds} s each,`,
    r.options.together
      ? `both servers loaded at once in every round (so other jobs on the machine weigh on both alike), after an uncounted warm-up of each. CPU is the process's user + system time over the`
      : `alternated (bare then dashkit in odd rounds, dashkit then bare in even ones) after an uncounted warm-up of each. CPU is the process's user + system time over the`,
    `round (all its threads) from /proc, in % of one core; wrk's comes from \`bash -c 'wrk …; times'\`; "other" is the rest`,
    r.options.together
      ? `of the machine's busy time (this bench, other jobs), beside both servers and both wrk processes.`
      : `of the machine's busy time (this bench, other jobs); a pair of rounds during which it passed ${pct(r.options.maxOtherCpu)} is measured again.`,
    '',
    'Load is the 1-minute load average when the round started.',
    '',
    '| round | server | req/s | vs bare | errors | bytes/response | latency p50 / p99 ms | wrk CPU | server CPU | server CPU µs/request | other CPU | load |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const bare = r.rounds.filter((x) => x.server === 'bare');
  const dashkit = r.rounds.filter((x) => x.server === 'dashkit');
  for (let n = 0; n < bare.length; n++) {
    const pair = r.firsts[n] === 'dashkit' ? [dashkit[n]!, bare[n]!] : [bare[n]!, dashkit[n]!];
    for (const x of pair) {
      const vs = x.server === 'dashkit' ? (x.rps / bare[n]!.rps).toFixed(2) : '';
      lines.push(
        `| ${n + 1} | ${LABEL[x.server]} | ${int(x.rps)} | ${vs} | ${x.errors} | ${int(x.bytesPerResponse)} | ${x.p50Ms.toFixed(2)} / ${x.p99Ms.toFixed(2)} | ${pct(x.clientCpu)} | ${pct(x.serverCpu)} | ${x.serverCpuUsPerRequest.toFixed(1)} | ${pct(x.otherCpu)} | ${x.loadAverage.toFixed(1)} |`,
      );
    }
  }
  const summary = (name: ServerName, xs: Round[]) => ({
    name,
    rps: median(xs.map((x) => x.rps)),
    errors: xs.reduce((n, x) => n + x.errors, 0),
    client: median(xs.map((x) => x.clientCpu)),
    server: median(xs.map((x) => x.serverCpu)),
    us: median(xs.map((x) => x.serverCpuUsPerRequest)),
    other: median(xs.map((x) => x.otherCpu)),
    load: median(xs.map((x) => x.loadAverage)),
  });
  /** dashkit's value over bare's, per pair of rounds. */
  const paired = (value: (x: Round) => number) => bare.map((x, n) => value(dashkit[n]!) / value(x));
  const busy = r.options.together ? [] : r.rounds.filter((x) => x.otherCpu > r.options.maxOtherCpu);
  const b = summary('bare', bare);
  const d = summary('dashkit', dashkit);
  lines.push(
    '',
    '| median over the rounds | req/s | errors (all rounds) | wrk CPU | server CPU | server CPU µs/request | other CPU | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...[b, d].map(
      (s) =>
        `| ${LABEL[s.name]} | ${int(s.rps)} | ${s.errors} | ${pct(s.client)} | ${pct(s.server)} | ${s.us.toFixed(1)} | ${pct(s.other)} | ${s.load.toFixed(1)} |`,
    ),
    `| **dashkit / bare**, medians | **${(d.rps / b.rps).toFixed(2)}** | | | | ${(d.us / b.us).toFixed(2)}× | | |`,
    `| **dashkit / bare**, median of the ${bare.length} paired rounds | **${median(paired((x) => x.rps)).toFixed(2)}** | | | | ${median(paired((x) => x.serverCpuUsPerRequest)).toFixed(2)}× | | |`,
    '',
    ...r.checks.map((c) => `- ${c}.`),
    ...(busy.length
      ? [
          `- ${busy.length} of the ${r.rounds.length} rounds ran while other processes used more than ${pct(r.options.maxOtherCpu)} of a core (remeasuring gave up): the server got less than a core, so its req/s followed those jobs more than the server; its CPU per request depends on them far less.`,
        ]
      : []),
  );
  return lines.join('\n');
}
