/**
 * The structured log sink every part of the adapter writes to. A leaf: it
 * imports nothing, so any module can log without pulling in options.
 */

/** Structured log sink: a message plus machine-readable fields. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Logs warnings and errors to stderr as one JSON object per line; info is silent. */
export const DEFAULT_LOGGER: Logger = {
  info() {},
  warn(message, fields) {
    console.warn(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...fields }));
  },
  error(message, fields) {
    console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), message, ...fields }));
  },
};

/** An error as one log string (its stack when there is one). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
