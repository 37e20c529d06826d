/**
 * The checker's HTTP side: GET requests against the backend under test with
 * a per-request timeout and the caller's extra headers, answers read whole.
 * node:http rather than fetch: fetch refuses "bad ports" (6000, 6667, …)
 * that a backend under test may well listen on.
 */
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Query parameters: an object (undefined values left out) or a raw query string, for repeats and oddities. */
export type Query = Readonly<Record<string, string | undefined>> | string;

export interface HttpResult {
  /** The URL requested, for failure messages. */
  url: string;
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
}

export interface ClientOptions {
  /** Where the contract is mounted, without `/v1` (e.g. `http://localhost:8080/dashboard/api`). */
  baseUrl: string | URL;
  /** Extra headers on every request, e.g. `Authorization`. */
  headers?: Readonly<Record<string, string>>;
  /** Per-request timeout. @default DEFAULT_TIMEOUT_MS */
  timeoutMs?: number;
}

/** Ten seconds: a year of daily points on a cold cache takes well under a second on the reference adapter. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The backend could not be asked at all (refused, timed out, reset). */
export class RequestError extends Error {
  override name = 'RequestError';
}

export class Client {
  readonly base: string;
  requests = 0;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(options: ClientOptions) {
    this.base = String(options.baseUrl).replace(/\/+$/, '');
    this.#headers = options.headers ?? {};
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  url(path: string, query: Query = {}): string {
    let qs: string;
    if (typeof query === 'string') qs = query;
    else {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, v);
      // Commas in `metrics=a,b` stay readable in messages; URLSearchParams would encode them.
      qs = params.toString().replace(/%2C/g, ',');
    }
    return `${this.base}/${path}${qs ? `?${qs}` : ''}`;
  }

  /** GET `{base}/{path}?{query}`; throws a RequestError when no answer arrives. */
  async get(path: string, query: Query = {}, headers: Readonly<Record<string, string>> = {}): Promise<HttpResult> {
    const url = this.url(path, query);
    this.requests++;
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const [status, responseHeaders, text] = await new Promise<[number, Headers, string]>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        target,
        {
          method: 'GET',
          headers: { accept: 'application/json', ...this.#headers, ...headers },
          agent: https ? this.#agents.https : this.#agents.http,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
            }
            resolve([res.statusCode ?? 0, h, Buffer.concat(chunks).toString('utf8')]);
          });
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      req.on('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(new RequestError(`GET ${url}: ${error.code ?? error.message}`));
      });
      req.end();
    });
    let json: unknown;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { url, status, headers: responseHeaders, text, json };
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }
}
