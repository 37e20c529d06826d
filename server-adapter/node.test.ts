/**
 * node:http wiring: request/response conversion, streaming, aborts, HEAD,
 * static files, graceful close; and one end-to-end run of the real server
 * (PGlite + demo data + real engine and cache) over HTTP.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, MetaResponse, StatsResponse } from '../src/contract/index.js';
import { createDashboardServer } from './server.js';
import { type FetchHandler, listen, type Listening, staticFiles, WHOLE_BODY_BYTES } from './node.js';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.close()));
});

async function serve(handler: FetchHandler, close?: () => Promise<void>): Promise<Listening> {
  const listening = await listen({ fetch: handler, ...(close ? { close } : {}) }, { port: 0 });
  running.push(listening);
  return listening;
}

/** A raw HTTP exchange, to see exactly what went over the wire. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    },
  );
}

describe('toNodeListener', () => {
  it('maps method, URL, headers and body in, status, headers and body out', async () => {
    const { url } = await serve(async (request) => {
      const body = await request.text();
      const headers = new Headers({
        'content-type': 'application/json',
        'x-seen': request.headers.get('x-test') ?? '',
      });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response(
        JSON.stringify({
          method: request.method,
          path: new URL(request.url).pathname + new URL(request.url).search,
          body,
        }),
        { status: 201, headers },
      );
    });
    const response = await raw(`${url}/x/y?z=%20`, { method: 'POST', headers: { 'x-test': 'hello' }, body: 'payload' });
    expect(response.status).toBe(201);
    expect(response.headers['x-seen']).toBe('hello');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(JSON.parse(response.body)).toEqual({ method: 'POST', path: '/x/y?z=%20', body: 'payload' });
  });

  it('streams a body chunk by chunk and sends no body for HEAD', async () => {
    const { url } = await serve(() => {
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (n === 3) controller.close();
          else controller.enqueue(new TextEncoder().encode(`chunk${n++}\n`));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    });
    expect((await raw(url)).body).toBe('chunk0\nchunk1\nchunk2\n');
    const head = await raw(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/plain');
    expect(head.body).toBe('');
  });

  it('writes a body of known length whole, and streams a longer one from its first chunk', async () => {
    const encoder = new TextEncoder();
    const long = WHOLE_BODY_BYTES + 1000;
    let headersSeen!: () => void;
    const seen = new Promise<void>((resolve) => (headersSeen = resolve));
    const { url } = await serve((request) => {
      if (new URL(request.url).pathname === '/short') {
        let n = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (n === 3) controller.close();
            else controller.enqueue(encoder.encode(`part${n++}\n`));
          },
        });
        return new Response(body, { headers: { 'content-length': '18' } });
      }
      // The rest of the long body only comes once the client has its headers: buffered whole, it never would.
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new Uint8Array(1000).fill(97));
          await seen;
          controller.enqueue(new Uint8Array(long - 1000).fill(98));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-length': String(long) } });
    });
    const short = await raw(`${url}/short`);
    expect(short.body).toBe('part0\npart1\npart2\n');
    expect(short.headers['content-length']).toBe('18');
    expect(short.headers['transfer-encoding']).toBeUndefined();
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${url}/long`, (res) => {
        headersSeen();
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toBe('a'.repeat(1000) + 'b'.repeat(long - 1000));
  });

  it('resets the connection when a body of known length fails before it is whole', async () => {
    const { url } = await serve(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('half'));
          controller.error(new Error('source gone'));
        },
      });
      return new Response(body, { headers: { 'content-length': '8' } });
    });
    await expect(raw(url)).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('cancels the body and aborts the request signal when the client goes away', async () => {
    let cancelled!: () => void;
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    let aborted!: () => void;
    const wasAborted = new Promise<void>((resolve) => (aborted = resolve));
    let firstChunkSent!: () => void;
    const sent = new Promise<void>((resolve) => (firstChunkSent = resolve));
    const { url } = await serve((request) => {
      request.signal.addEventListener('abort', () => aborted());
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('first\n'));
          firstChunkSent();
        },
        cancel() {
          cancelled();
        },
      });
      return new Response(body);
    });
    const req = httpRequest(url, (res) => {
      res.once('data', () => req.destroy());
    });
    req.on('error', () => {});
    req.end();
    await sent;
    await Promise.all([wasCancelled, wasAborted]);
  });

  it('answers 500 when a host handler throws', async () => {
    const { url } = await serve(() => {
      throw new Error('host bug');
    });
    const response = await raw(url);
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('listen', () => {
  it('reports the address, lets an in-flight request finish on close, then closes the handler', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let handlerClosed = false;
    const listening = await listen(
      {
        fetch: async () => {
          entered();
          await gate;
          return new Response('done');
        },
        close: async () => {
          handlerClosed = true;
        },
      },
      { port: 0 },
    );
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    expect(listening.port).toBeGreaterThan(0);
    const pending = raw(listening.url);
    await inside;
    const closed = listening.close();
    release();
    expect((await pending).body).toBe('done');
    await closed;
    expect(handlerClosed).toBe(true);
    expect(listening.server.listening).toBe(false);
  });
});

describe('staticFiles', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dk-static-'));
    mkdirSync(join(root, 'dist', 'cdn'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cdn', 'dashkit.js'), 'export {};\n');
    writeFileSync(join(root, 'dist', 'cdn', 'style.css'), 'a{}');
    writeFileSync(join(root, 'dist', 'data.bin'), 'x');
    writeFileSync(join(root, 'secret.txt'), 'top secret');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves files with their content type', async () => {
    const files = staticFiles(join(root, 'dist'), '/dist/');
    const js = await files(new Request('http://x/dist/cdn/dashkit.js'));
    expect(js?.status).toBe(200);
    expect(js?.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js?.text()).toBe('export {};\n');
    expect((await files(new Request('http://x/dist/cdn/style.css')))?.headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await files(new Request('http://x/dist/data.bin')))?.headers.get('content-type')).toBe(
      'application/octet-stream',
    );
    const head = await files(new Request('http://x/dist/cdn/dashkit.js', { method: 'HEAD' }));
    expect(head?.headers.get('content-length')).toBe('11');
    expect(await head?.text()).toBe('');
    expect(await files(new Request('http://x/v1/meta'))).toBeUndefined();
  });

  it('never serves anything outside its root', async () => {
    const files = staticFiles(join(root, 'dist'), '/dist/');
    const { url } = await serve(
      async (request) => (await files(request)) ?? new Response('fallthrough', { status: 418 }),
    );
    for (const path of [
      '/dist/../secret.txt',
      '/dist/%2e%2e/secret.txt',
      '/dist/..%2fsecret.txt',
      '/dist/..%5csecret.txt',
      '/dist/cdn/..%2F..%2Fsecret.txt',
      '/dist/%00',
      '/dist/',
      '/dist/cdn',
      '/dist//etc/passwd',
      '/dist/%E0%A4%A',
    ]) {
      // Raw requests: fetch and URL would normalise the dots away before they reach the server.
      const response = await raw(`${url}${path}`);
      expect(response.body, path).not.toContain('top secret');
      expect([404, 418], path).toContain(response.status);
    }
    expect((await files(new Request('http://x/dist/cdn/dashkit.js', { method: 'POST' })))?.status).toBe(405);
  });
});

describe('end to end', () => {
  it('serves the seeded demo over HTTP with the real engine and cache', async () => {
    const dashboard = createDashboardServer({ seedDemo: true });
    const { url } = await serve(
      (request) => dashboard.fetch(request),
      () => dashboard.close(),
    );
    const meta = await fetch(`${url}/v1/meta`);
    expect(meta.status).toBe(200);
    const metaBody = MetaResponse.parse(await meta.json());
    const ids = metaBody.metrics.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining(['revenue', 'orders', 'average_order_value', 'new_customers', 'conversion_rate']),
    );

    const statsUrl = `${url}/v1/stats?metrics=${ids.join(',')}&range=30d`;
    const stats = await fetch(statsUrl);
    expect(stats.status).toBe(200);
    const statsBody = StatsResponse.parse(await stats.json());
    expect(statsBody.cache.hit).toBe(false);
    expect(statsBody.stats.find((s) => s.metric === 'orders')?.value).toBeGreaterThan(0);
    const etag = stats.headers.get('etag') ?? '';
    expect((await fetch(statsUrl, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // Every report answers valid JSON from the real engine.
    for (const [name, path] of [
      ['series', 'v1/series?metrics=revenue,orders&range=90d'],
      ['breakdown', 'v1/breakdown?metric=revenue&by=customer&limit=3'],
      ['segments', 'v1/segments?range=365d'],
      ['aging', 'v1/aging?limit=5&sort=overdue&order=desc'],
      ['agingInvoices', 'v1/aging/customers/1/invoices'],
      ['lowStock', 'v1/low-stock?limit=5'],
      ['health', 'v1/health'],
    ] as const) {
      const response = await fetch(`${url}/${path}`);
      expect(response.status, path).toBe(200);
      ENDPOINTS[name].response.parse(await response.json());
    }

    // Hostile input is a 400 or an ordinary answer, and leaves the data as it was.
    for (const path of [
      "v1/stats?metrics=revenue';drop table orders;--",
      'v1/aging?search=%25%27%20or%201%3D1%20--',
      "v1/aging?search=x'%3B%20delete%20from%20invoices%3B--",
      'v1/aging?search=%E2%80%AE%F0%9F%92%A5',
      'v1/aging?search=',
      'v1/aging?minAmount=999999999999999.999999',
      'v1/aging?offset=1000000000',
      'v1/aging/customers/1%27%20or%20%271%27%3D%271/invoices',
      'v1/aging/customers/99999999999999999999/invoices',
      'v1/low-stock?limit=1000&offset=1000000000',
      'v1/breakdown?metric=revenue&by=customer&range=custom&from=0001-01-01&to=0010-01-01',
      'v1/export/aging.csv?search=%3D1%2B1',
    ]) {
      const response = await fetch(`${url}/${path}`);
      expect([200, 400, 404], path).toContain(response.status);
      await response.arrayBuffer();
    }
    await dashboard.invalidate(['customers', 'orders', 'invoices', 'products']);
    const again = StatsResponse.parse(await (await fetch(statsUrl)).json());
    expect(again.cache.hit).toBe(false);
    expect(again.stats).toEqual(statsBody.stats);
  }, 180_000);
});
