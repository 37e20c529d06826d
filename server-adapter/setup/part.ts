/** One thing the server sets up, and how to release it. */
export interface Part<T> {
  part: T;
  /** Releases what was opened for it; a no-op for what the host passed in (the host keeps ownership). */
  close(): Promise<void>;
}

/** A part the host owns: never closed here. */
export function borrowed<T>(part: T): Part<T> {
  return { part, close: async () => {} };
}
