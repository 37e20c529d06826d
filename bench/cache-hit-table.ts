/** The cache-hit benchmark's Markdown: every round, then the medians and the ratios. */
import { cpus } from 'node:os';
import { type CacheHitResult, type Round, SERVER_ORDERS, type ServerName } from './cache-hit.js';
import { STATS_PATH } from './cache-hit-servers.js';
import { wrkCommand } from './wrk.js';

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const int = (x: number) => x.toFixed(0);
const LABEL: Record<ServerName, string> = {
  bare: 'bare node:http',
  dashkit: 'dashkit serve',
  hono: 'Hono (@hono/node-server)',
};

export function cacheHitTable(r: CacheHitResult): string {
  const { threads, connections, seconds, rounds } = r.options;
  const command = wrkCommand({ threads, connections, seconds }, `http://127.0.0.1:<port>${STATS_PATH}`);
  const lines = [
    `Run ${r.date} on ${cpus().length} cores (Node ${process.version}), with \`npm run bench:http -- --seconds ${seconds} --rounds ${rounds}${r.options.together ? ' --together' : ''}\`.`,
    '',
    `Command, per round, against each server ${r.options.together ? 'at the same time (a wrk process each)' : 'in turn'}: \`${command}\``,
    '',
    `Servers, each its own process: \`node dist/cli.js serve --port 0 --invalidate-secret <random>\` (embedded demo database,`,
    `memory cache); \`node bench/bare-server.mjs <recorded answer>\`, which replies the status, headers`,
    `(${r.headers.join(', ')}) and ${r.bodyBytes} body bytes dashkit gave for the same URL; and, for reference,`,
    `\`node bench/hono-server.mjs <recorded answer>\`: Hono on @hono/node-server, one route replying the same. ${rounds} rounds of ${seconds} s each,`,
    r.options.together
      ? `all servers loaded at once in every round (so other jobs on the machine weigh on all alike), after an uncounted warm-up of each. CPU is the process's user + system time over the`
      : `the order of the servers turning round by round (${SERVER_ORDERS.map((o) => o.join(', ')).join('; ')}) after an uncounted warm-up of each. CPU is the process's user + system time over the`,
    `round (all its threads) from /proc, in % of one core; wrk's comes from \`bash -c 'wrk …; times'\`; "other" is the rest`,
    r.options.together
      ? `of the machine's busy time (this bench, other jobs), beside the servers and their wrk processes.`
      : `of the machine's busy time (this bench, other jobs); a round during which it passed ${pct(r.options.maxOtherCpu)} is measured again.`,
    '',
    'Load is the 1-minute load average when the round started.',
    '',
    '| round | server | req/s | vs bare | errors | bytes/response | latency p50 / p99 ms | wrk CPU | server CPU | server CPU µs/request | other CPU | load |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const of = (name: ServerName) => r.rounds.filter((x) => x.server === name);
  const bare = of('bare');
  const bareOf = (x: Round) => bare.find((b) => b.round === x.round)!;
  for (const x of r.rounds) {
    const vs = x.server === 'bare' ? '' : (x.rps / bareOf(x).rps).toFixed(2);
    lines.push(
      `| ${x.round} | ${LABEL[x.server]} | ${int(x.rps)} | ${vs} | ${x.errors} | ${int(x.bytesPerResponse)} | ${x.p50Ms.toFixed(2)} / ${x.p99Ms.toFixed(2)} | ${pct(x.clientCpu)} | ${pct(x.serverCpu)} | ${x.serverCpuUsPerRequest.toFixed(1)} | ${pct(x.otherCpu)} | ${x.loadAverage.toFixed(1)} |`,
    );
  }
  const summary = (name: ServerName) => {
    const xs = of(name);
    return {
      name,
      rps: median(xs.map((x) => x.rps)),
      errors: xs.reduce((n, x) => n + x.errors, 0),
      client: median(xs.map((x) => x.clientCpu)),
      server: median(xs.map((x) => x.serverCpu)),
      us: median(xs.map((x) => x.serverCpuUsPerRequest)),
      other: median(xs.map((x) => x.otherCpu)),
      load: median(xs.map((x) => x.loadAverage)),
    };
  };
  const busy = r.options.together ? [] : r.rounds.filter((x) => x.otherCpu > r.options.maxOtherCpu);
  const s = { bare: summary('bare'), dashkit: summary('dashkit'), hono: summary('hono') };
  /** `a`'s req/s over `b`'s: of the medians, and the median of the rounds' own ratios. */
  const ratio = (a: ServerName, b: ServerName, label: string) => {
    const perRound = of(a).map((x) => x.rps / of(b).find((y) => y.round === x.round)!.rps);
    const us = of(a).map(
      (x) => x.serverCpuUsPerRequest / of(b).find((y) => y.round === x.round)!.serverCpuUsPerRequest,
    );
    return [
      `| **${label}**, medians | **${(s[a].rps / s[b].rps).toFixed(2)}** | | | | ${(s[a].us / s[b].us).toFixed(2)}× | | |`,
      `| **${label}**, median of the ${perRound.length} rounds' own | **${median(perRound).toFixed(2)}** | | | | ${median(us).toFixed(2)}× | | |`,
    ];
  };
  lines.push(
    '',
    '| median over the rounds | req/s | errors (all rounds) | wrk CPU | server CPU | server CPU µs/request | other CPU | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...[s.bare, s.dashkit, s.hono].map(
      (x) =>
        `| ${LABEL[x.name]} | ${int(x.rps)} | ${x.errors} | ${pct(x.client)} | ${pct(x.server)} | ${x.us.toFixed(1)} | ${pct(x.other)} | ${x.load.toFixed(1)} |`,
    ),
    ...ratio('dashkit', 'bare', 'dashkit / bare'),
    ...ratio('hono', 'bare', 'Hono / bare'),
    ...ratio('dashkit', 'hono', 'dashkit / Hono'),
    '',
    ...r.checks.map((c) => `- ${c}.`),
    ...(busy.length
      ? [
          `- ${busy.length} of the ${r.rounds.length} runs took place while other processes used more than ${pct(r.options.maxOtherCpu)} of a core (remeasuring gave up): the server got less than a core, so its req/s followed those jobs more than the server; its CPU per request depends on them far less.`,
        ]
      : []),
  );
  return lines.join('\n');
}
