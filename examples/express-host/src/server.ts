import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';

// A fixed SESSION_SECRET keeps sessions across restarts; a random one signs everyone out on restart.
const { app, dashboard } = createApp({ sessionSecret: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex') });

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', (error) => {
  if (error) throw error;
  console.log(`Express host on http://127.0.0.1:${(server.address() as AddressInfo).port}/login`);
});

async function shutdown() {
  dashboard.endStreams(); // open event streams would keep server.close() waiting
  await new Promise((done) => server.close(done));
  await dashboard.close();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown());
