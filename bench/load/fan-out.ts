/**
 * SSE fan-out: N clients on `v1/events` over real HTTP (one socket each),
 * then invalidations through the webhook; measures the time until every
 * client received each event, and the server's memory per connected client
 * (RSS and heap after a full GC, before and after connecting).
 */
import { type ClientRequest, get } from 'node:http';
import type { ServerHandle } from './protocol.js';

export interface FanOutResult {
  clients: number;
  connectMs: number;
  rssPerClientKiB: number;
  heapPerClientKiB: number;
  /** Per invalidation: ms from the webhook call until the last client had the event, and the median client. */
  rounds: { allMs: number; p50Ms: number; p99Ms: number }[];
  /** Clients the server still counted after every socket was closed (target 0). */
  leftover: number;
  serverWarnings: number;
  serverErrors: number;
}

interface Client {
  request: ClientRequest;
  events: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

export async function fanOut(server: ServerHandle, clients: number, rounds: number): Promise<FanOutResult> {
  const before = await server.memory();
  const url = `${server.url}/v1/events`;
  let onEvent: (() => void) | undefined;
  const open: Client[] = [];

  const connect = () =>
    new Promise<void>((resolve, reject) => {
      const client: Client = { request: undefined as unknown as ClientRequest, events: 0 };
      client.request = get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`v1/events answered ${response.statusCode}`));
          return;
        }
        let first = true;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (first) {
            first = false;
            resolve();
          }
          // Frames are small and arrive whole; count the invalidate events.
          for (let i = chunk.indexOf('event: invalidate'); i >= 0; i = chunk.indexOf('event: invalidate', i + 1)) {
            client.events++;
            onEvent?.();
          }
        });
      });
      client.request.on('error', (error) => {
        if (!client.request.destroyed) reject(error);
      });
      open.push(client);
    });

  const t0 = performance.now();
  for (let i = 0; i < clients; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, clients - i) }, connect));
  }
  const connectMs = performance.now() - t0;
  const after = await server.memory();
  if (after.clients !== clients) throw new Error(`server counts ${after.clients} clients, expected ${clients}`);

  const results: FanOutResult['rounds'] = [];
  for (let round = 1; round <= rounds; round++) {
    const arrivals: number[] = [];
    const started = performance.now();
    const all = new Promise<void>((resolve) => {
      onEvent = () => {
        arrivals.push(performance.now() - started);
        if (arrivals.length === clients) resolve();
      };
    });
    const response = await fetch(`${server.url}/v1/invalidate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topics: ['orders'] }),
    });
    if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
    await all;
    onEvent = undefined;
    arrivals.sort((a, b) => a - b);
    results.push({ allMs: arrivals.at(-1)!, p50Ms: percentile(arrivals, 50), p99Ms: percentile(arrivals, 99) });
    if (open.some((c) => c.events !== round)) throw new Error(`round ${round}: a client got a duplicate or no event`);
  }

  for (const client of open) client.request.destroy();
  // Socket closes reach the server asynchronously: give them up to 5 s.
  let leftover = clients;
  let last = after;
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    last = await server.memory();
    leftover = last.clients;
    if (leftover === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    clients,
    connectMs,
    rssPerClientKiB: (after.rss - before.rss) / clients / 1024,
    heapPerClientKiB: (after.heapUsed - before.heapUsed) / clients / 1024,
    rounds: results,
    leftover,
    serverWarnings: last.warnings,
    serverErrors: last.errors,
  };
}
