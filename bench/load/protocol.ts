/**
 * What the load bench's parts share: the settings and IPC messages of the
 * server process (server.ts), and the handle run.ts gives the scenarios
 * (fan-out.ts, soak.ts). Types only, so no scenario imports run.ts (which
 * imports them) or server.ts (a script that starts a server when loaded).
 */

export interface ServerSettings {
  /** PostgreSQL (with search_path set to a fresh schema), else an embedded PGlite. */
  databaseUrl?: string;
  redisUrl?: string;
  invalidateSecret: string;
  maxClients: number;
}

export type ServerMessage =
  | { type: 'ready'; url: string; seedMs: number }
  | {
      type: 'memory';
      rss: number;
      heapUsed: number;
      external: number;
      clients: number;
      warnings: number;
      errors: number;
    };

/** The server process as the scenarios see it. */
export interface ServerHandle {
  url: string;
  secret: string;
  memory(): Promise<Extract<ServerMessage, { type: 'memory' }>>;
  stop(): Promise<void>;
}
