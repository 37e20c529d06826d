/**
 * The server under load in a child process of its own (bench/load/server.ts),
 * so its memory is measured apart from the clients: used by `npm run
 * bench:load` (run.ts) and by `npm run bench`'s stream rows (bench/faults.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { ServerMessage, ServerSettings } from './server.js';

export interface ServerHandle {
  url: string;
  secret: string;
  memory(): Promise<Extract<ServerMessage, { type: 'memory' }>>;
  stop(): Promise<void>;
}

export async function startServer(settings: ServerSettings): Promise<ServerHandle & { seedMs: number }> {
  const child: ChildProcess = fork(new URL('./server.ts', import.meta.url), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: { resolve: (m: ServerMessage) => void; reject: (e: Error) => void }[] = [];
  child.on('message', (message: ServerMessage) => waiting.shift()?.resolve(message));
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the server process exited (${code})`));
  });
  const nextMessage = () => new Promise<ServerMessage>((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = await nextMessage();
  if (ready.type !== 'ready') throw new Error('unexpected first message from the server process');
  let queue = Promise.resolve() as Promise<unknown>;
  return {
    url: ready.url,
    seedMs: ready.seedMs,
    secret: settings.invalidateSecret,
    memory() {
      // One request at a time: answers come back in order.
      const answer = queue.then(async () => {
        const pending = nextMessage();
        child.send({ type: 'memory' });
        const m = await pending;
        if (m.type !== 'memory') throw new Error('unexpected message');
        return m;
      });
      queue = answer.catch(() => undefined);
      return answer;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
