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

/** Headers node keeps the first of when repeated (its `req.headers` rule); `cookie` is joined by `; `, others by `, `. */
const FIRST_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * The value `req.headers[name]` would have, read from `rawHeaders` without
 * building `req.headers` (node lower-cases and sorts every header the first
 * time it is asked for one: a browser sends a dozen). `name` is lower-case.
 */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i]!;
    if (field !== name && !sameName(field, name)) continue;
    const v = raw[i + 1]!;
    if (value === undefined) value = v;
    else if (FIRST_ONLY.has(name)) break;
    else value += (name === 'cookie' ? '; ' : ', ') + v;
  }
  return value;
}

/**
 * Whether a header name as sent (`Host`, `HOST`) is the lower-case `name`,
 * without making a lower-case copy of it per request: letters compare with
 * their case bit (0x20) set, every other character as it is.
 */
function sameName(field: string, name: string): boolean {
  if (field.length !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const n = name.charCodeAt(i);
    const f = field.charCodeAt(i);
    if (f !== n && (n < 0x61 || n > 0x7a || (f | 0x20) !== n)) return false;
  }
  return true;
}

/**
 * The headers `names` of a request as `req.headers` has them, and no others:
 * for a `peek` that declares which it reads (see `peekHeaders` in node.ts).
 */
export function pickHeaders(raw: readonly string[], names: readonly string[]): IncomingHttpHeaders {
  // Indexed loops and no object until a header is found: most requests carry none of `names`.
  let headers: Record<string, string> | undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = rawHeader(raw, name);
    if (value !== undefined) (headers ??= {})[name] = value;
  }
  return headers ?? NO_HEADERS;
}

const NO_HEADERS: IncomingHttpHeaders = Object.freeze({});

/** `bytes` as a Buffer over the same memory (node wraps a plain Uint8Array itself on every write otherwise). */
export function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A node request listener's first try: true when `peek` answered and the
 * response was written; false, having written nothing, to let the fetch
 * handler answer.
 */
export function nodePeek(
  peek: Peek,
  /** The only request headers `peek` reads, when it says: they are then taken from `rawHeaders`. */
  reads?: readonly string[],
): (req: IncomingMessage, res: ServerResponse) => boolean {
  /**
   * The body bytes as a Buffer viewing the same memory, once per body: node
   * would otherwise wrap a plain Uint8Array on every write. A peek hands out
   * the same bytes for every hit of an entry within a second.
   */
  const buffers = new WeakMap<Uint8Array, Buffer>();
  const asBuffer = (bytes: Uint8Array): Buffer => {
    if (Buffer.isBuffer(bytes)) return bytes;
    let buffer = buffers.get(bytes);
    if (!buffer) buffers.set(bytes, (buffer = bufferOf(bytes)));
    return buffer;
  };
  return (req, res) => {
    const target = req.url;
    const method = req.method;
    if (target === undefined || method === undefined) return false;
    const answer = peek(method, target, reads ? pickHeaders(req.rawHeaders, reads) : req.headers);
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
