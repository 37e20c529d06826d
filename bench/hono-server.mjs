/**
 * The reference of the cache-hit benchmark: Hono on `@hono/node-server`,
 * one route answering the recorded response (status, headers, body bytes)
 * — the bar the issue names, "what Hono's node server reaches on this
 * machine", measured beside the other two rather than quoted. Plain
 * JavaScript run by `node` itself, like bare-server.mjs.
 *
 *   node bench/hono-server.mjs <response.json>   {"status": 200, "headers": {…}, "body": "<base64>"}
 *
 * Prints `hono serving http://127.0.0.1:<port>` once listening (PORT, default 0: any free port).
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/hono-server.mjs <response.json>');
const recorded = JSON.parse(readFileSync(file, 'utf8'));
const body = Buffer.from(recorded.body, 'base64');

const app = new Hono();
app.get('/v1/stats', (c) => c.body(body, recorded.status, recorded.headers));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`hono serving http://127.0.0.1:${info.port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
