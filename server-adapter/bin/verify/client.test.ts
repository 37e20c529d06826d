import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, RequestError } from './client.js';

let server: Server;
let base = '';
const seen: { url: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  // Answers /v1/meta at once and never answers /slow.
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization });
    if (req.url?.startsWith('/slow')) return;
    res.writeHead(200, { 'content-type': 'application/json', etag: '"a"' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('sends the extra headers, keeps commas readable and parses JSON', async () => {
  const client = new Client({ baseUrl: `${base}/`, headers: { authorization: 'Bearer t0ken' } });
  const r = await client.get('v1/meta', { metrics: 'a,b', skip: undefined });
  client.close();
  expect(r).toMatchObject({ status: 200, json: { ok: true }, url: `${base}/v1/meta?metrics=a,b` });
  expect(r.headers.get('etag')).toBe('"a"');
  expect(seen.at(-1)).toEqual({ url: '/v1/meta?metrics=a,b', auth: 'Bearer t0ken' });
});

it('gives up after the timeout with a RequestError naming the URL', async () => {
  const client = new Client({ baseUrl: base, timeoutMs: 200 });
  const error = await client.get('slow').catch((e: unknown) => e);
  client.close();
  expect(error).toBeInstanceOf(RequestError);
  expect((error as Error).message).toBe(`GET ${base}/slow: no answer within 200 ms`);
});
