/**
 * The baseline of the cache-hit benchmark: a bare node:http server that
 * answers every request with one recorded response (status, headers in
 * their order, body bytes), in the way the dashkit fast path writes its
 * own: `writeHead` with a headers object, then `end` with a Buffer.
 * Plain JavaScript run by `node` itself (no tsx, no loader in the process).
 *
 *   node bench/bare-server.mjs <response.json>   {"status": 200, "headers": {…}, "body": "<base64>"}
 *
 * Prints `bare serving http://127.0.0.1:<port>` once listening (PORT, default 0: any free port).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/bare-server.mjs <response.json>');
const recorded = JSON.parse(readFileSync(file, 'utf8'));
const status = recorded.status;
const headers = recorded.headers;
const body = Buffer.from(recorded.body, 'base64');

const server = createServer((_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`bare serving http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
