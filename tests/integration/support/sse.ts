/**
 * Reading Server-Sent Events in tests: from a Web Response body (in-process
 * `server.fetch`) or from a real HTTP connection (`node:http`, so a test can
 * drop the socket the way a closed browser tab does).
 */
import { get, type IncomingMessage } from 'node:http';

/** One SSE block (fields per the HTML spec; `comments` are lines starting with ':'). */
export interface Frame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

export function parseFrame(block: string): Frame {
  const frame: Frame = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    else if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value;
  }
  return frame;
}

export interface SseClient {
  /** The next frame (heartbeats included). */
  next(): Promise<Frame>;
  /** The next frame with `event: <name>` (others are skipped); rejects after `timeoutMs`. */
  nextEvent(name: string, timeoutMs: number): Promise<Frame>;
  /** Resolves true once the stream ends, skipping whatever frames were still queued. */
  ended(): Promise<true>;
  /** Stops reading; resolves once the stream is released (its body cancelled, or its socket destroyed). */
  close(): Promise<void>;
}

/** Frames out of a stream of text chunks. */
function framer(read: () => Promise<string | undefined>, close: () => Promise<void>): SseClient {
  let buffer = '';
  async function next(): Promise<Frame> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseFrame(block);
      }
      const chunk = await read();
      if (chunk === undefined) throw new Error('stream ended');
      buffer += chunk;
    }
  }
  return {
    next,
    async nextEvent(name, timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no "${name}" event within ${timeoutMs} ms`)), timeoutMs);
      });
      const wanted = (async () => {
        for (;;) {
          const frame = await next();
          if (frame.event === name) return frame;
        }
      })();
      try {
        return await Promise.race([wanted, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async ended() {
      while ((await read()) !== undefined);
      buffer = '';
      return true;
    },
    close,
  };
}

/** SSE frames of an in-process Response. */
export function readSse(response: Response): SseClient {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  return framer(
    async () => {
      const { value, done } = await reader.read();
      return done ? undefined : decoder.decode(value, { stream: true });
    },
    () => reader.cancel().catch(() => {}),
  );
}

/** An SSE connection over real HTTP; resolves once the response headers arrived. */
export function connectSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseClient & { status: number; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      response.setEncoding('utf8');
      const chunks: string[] = [];
      let waiting: ((chunk: string | undefined) => void) | undefined;
      let ended = false;
      response.on('data', (chunk: string) => {
        if (waiting) {
          const w = waiting;
          waiting = undefined;
          w(chunk);
        } else chunks.push(chunk);
      });
      const end = () => {
        ended = true;
        waiting?.(undefined);
        waiting = undefined;
      };
      response.on('end', end);
      response.on('close', end);
      response.on('error', end);
      const client = framer(
        () => {
          if (chunks.length > 0) return Promise.resolve(chunks.shift());
          if (ended) return Promise.resolve(undefined);
          return new Promise((r) => (waiting = r));
        },
        async () => void request.destroy(),
      );
      resolve({ ...client, status: response.statusCode ?? 0, response });
    });
    request.on('error', reject);
  });
}
