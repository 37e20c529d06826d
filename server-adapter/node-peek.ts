/**
 * The node:http speed-up, kept beside node.ts and out of the Web-standard
 * core (the way `@hono/node-server` keeps Node's tricks out of Hono): a GET
 * or HEAD that the core's synchronous `peek` can answer — a fresh cache hit
 * whose scope is known — is written straight to the node response, with no
 * Web Request, Response or body stream and no await. `peek` is built from the
 * same route spec as `fetch`, so both answer with the very same bytes.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** What a `peek` answers: exactly what `fetch` would send for the same request. */
export interface PeekedAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Null for 304 and HEAD. */
  body: Uint8Array | null;
}

/** A handler's synchronous answer to a request it can serve without waiting, else undefined. */
export type Peek = (method: string, target: string, headers: IncomingHttpHeaders) => PeekedAnswer | undefined;

/**
 * A node request listener's first try: true when `peek` answered and the
 * response was written; false, having written nothing, to let the fetch
 * handler answer.
 */
export function nodePeek(peek: Peek): (req: IncomingMessage, res: ServerResponse) => boolean {
  /**
   * The body bytes as a Buffer viewing the same memory, once per body: node
   * would otherwise wrap a plain Uint8Array on every write. A peek hands out
   * the same bytes for every hit of an entry within a second.
   */
  const buffers = new WeakMap<Uint8Array, Buffer>();
  const asBuffer = (bytes: Uint8Array): Buffer => {
    if (Buffer.isBuffer(bytes)) return bytes;
    let buffer = buffers.get(bytes);
    if (!buffer) buffers.set(bytes, (buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    return buffer;
  };
  return (req, res) => {
    const target = req.url;
    const method = req.method;
    if (target === undefined || method === undefined) return false;
    const answer = peek(method, target, req.headers);
    if (!answer) return false;
    try {
      res.writeHead(answer.status, answer.headers);
      if (answer.body === null) res.end();
      else res.end(asBuffer(answer.body));
    } catch {
      // Nothing written yet: let `fetch` answer. Half written (the socket failed): nothing more can be sent.
      if (!res.headersSent) return false;
      res.destroy();
    }
    return true;
  };
}
