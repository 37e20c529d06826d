/**
 * `rawHeader`/`pickHeaders` read headers from `rawHeaders` as node's own
 * `req.headers` has them: checked against node on requests sent byte for
 * byte (mixed case, repeated headers), not against a copy of its rules.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickHeaders, rawHeader } from './node-peek.js';

const NAMES = ['host', 'authorization', 'cookie', 'if-none-match', 'origin', 'accept', 'user-agent', 'x-absent'];

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const ours = pickHeaders(req.rawHeaders, NAMES);
    const theirs: IncomingHttpHeaders = {};
    for (const name of NAMES) if (req.headers[name] !== undefined) theirs[name] = req.headers[name];
    res.end(JSON.stringify({ ours, theirs, host: rawHeader(req.rawHeaders, 'host') ?? null }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** Sends `head` (the request line and header lines) as is, and reads back the JSON body. */
function send(head: string[]): Promise<{ ours: unknown; theirs: unknown; host: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head.join('\r\n')}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)));
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', reject);
  });
}

describe('headers read from rawHeaders', () => {
  it('are what req.headers has, whatever the case of the names, and none that only looks alike', async () => {
    const r = await send([
      'GET /v1/stats HTTP/1.1',
      'HOST: example.com:8080',
      'Authorization: Bearer abc',
      'If-None-Match: "e1"',
      'oRiGiN: https://shop.example.com',
      // A letter off, or _ for -: not the headers read.
      'If-None_Match: "e2"',
      'IF-NONE-MATCI: "e3"',
      'Origim: https://evil.example',
      'Cookie2: dashkit_token=x',
    ]);
    expect(r.ours).toEqual(r.theirs);
    expect(r.ours).toEqual({
      host: 'example.com:8080',
      authorization: 'Bearer abc',
      'if-none-match': '"e1"',
      origin: 'https://shop.example.com',
    });
    expect(r.host).toBe('example.com:8080');
  });

  it('combine repeated headers as node does: first Host and Authorization, cookies joined by "; ", others by ", "', async () => {
    const r = await send([
      'GET /v1/stats HTTP/1.1',
      'Host: a.example',
      'host: b.example',
      'Authorization: Bearer first',
      'authorization: Bearer second',
      'Cookie: a=1',
      'cookie: b=2',
      'If-None-Match: "e1"',
      'If-None-Match: "e2"',
      'Accept: text/html',
      'Accept: application/json',
      'User-Agent: one',
      'User-Agent: two',
    ]);
    expect(r.ours).toEqual(r.theirs);
    expect(r.ours).toMatchObject({
      host: 'a.example',
      authorization: 'Bearer first',
      cookie: 'a=1; b=2',
      'if-none-match': '"e1", "e2"',
      accept: 'text/html, application/json',
      'user-agent': 'one',
    });
    expect(r.host).toBe('a.example');
  });

  it('leave out headers the request does not have (no Host: HTTP/1.0)', async () => {
    const r = await send(['GET /v1/stats HTTP/1.0', 'Accept: */*']);
    expect(r.ours).toEqual(r.theirs);
    expect(r.ours).toEqual({ accept: '*/*' });
    expect(r.host).toBeNull();
  });
});
