/**
 * node:http shutdown with event streams open: `listen(...).close()` ends the
 * streams first, so it does not wait out its grace period for clients that
 * would never leave on their own. No external service needed.
 */
import { describe, expect, it } from 'vitest';
import { createDashboardServer } from '../../server-adapter/server.js';
import { listen } from '../../server-adapter/node.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { connectSse } from './support/sse.js';

describe('closing a server with open event streams', () => {
  it('ends the streams and closes without waiting out the grace period', async () => {
    const server = createDashboardServer({ engine: createFakeEngine(), logger: { info() {}, warn() {}, error() {} } });
    // A grace period longer than the test's timeout: only ending the streams lets close() finish in time.
    const http = await listen(server, { port: 0, graceMs: 60_000 });
    const clients = await Promise.all(Array.from({ length: 5 }, () => connectSse(`${http.url}/v1/events`)));
    for (const client of clients) expect((await client.next()).retry).toBe('3000');
    await http.close();
    for (const client of clients) await expect(client.next()).rejects.toThrow('stream ended');
  }, 10_000);
});
