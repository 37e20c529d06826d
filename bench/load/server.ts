/**
 * The server under load, in its own process so its memory is measured apart
 * from the thousand clients: `node --expose-gc --import tsx bench/load/server.ts`,
 * started by run.ts with its settings in BENCH_SERVER (JSON). Talks over IPC:
 * → `{ type: 'ready', url }`; ← `memory` → `{ type: 'memory', … }` (after a full GC);
 * ← `stop` → closes and exits.
 */
import { createDashboardServer } from '../../server-adapter/handler.js';
import { listen } from '../../server-adapter/node.js';
import { createPgSource } from '../../server-adapter/sources/pg.js';
import type { Source } from '../../server-adapter/sources/source.js';
import type { ServerMessage, ServerSettings } from './protocol.js';

const settings = JSON.parse(process.env['BENCH_SERVER'] ?? '{}') as ServerSettings;
const send = (message: ServerMessage) => process.send?.(message);
const counts = { warnings: 0, errors: 0 };
const logger = {
  info() {},
  warn(message: string, fields?: Record<string, unknown>) {
    counts.warnings++;
    if (counts.warnings <= 5) console.error('[server warn]', message, JSON.stringify(fields ?? {}).slice(0, 300));
  },
  error(message: string, fields?: Record<string, unknown>) {
    counts.errors++;
    if (counts.errors <= 5) console.error('[server error]', message, JSON.stringify(fields ?? {}).slice(0, 300));
  },
};

const started = performance.now();
let source: Source | undefined;
if (settings.databaseUrl) source = await createPgSource({ connectionString: settings.databaseUrl });
const server = createDashboardServer({
  ...(source ? { source } : {}),
  seedDemo: true,
  ...(settings.redisUrl ? { redisUrl: settings.redisUrl, redisPrefix: `dk-bench:${process.pid}:` } : {}),
  invalidateSecret: settings.invalidateSecret,
  events: { maxClients: settings.maxClients },
  logger,
});
await server.ready;
await server.liveReady();
const seedMs = Math.round(performance.now() - started);
const http = await listen(server, { port: 0, graceMs: 2000 });
http.server.maxConnections = settings.maxClients + 500;

async function health(): Promise<number> {
  const response = await server.fetch(new Request('http://localhost/v1/health'));
  const body = (await response.json()) as { live?: { clients: number } };
  return body.live?.clients ?? -1;
}

process.on('message', (message: { type: string }) => {
  void (async () => {
    if (message.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      const m = process.memoryUsage();
      send({
        type: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
        clients: await health(),
        ...counts,
      });
    } else if (message.type === 'stop') {
      await http.close();
      await source?.close();
      process.exit(0);
    }
  })();
});

send({ type: 'ready', url: http.url, seedMs });
