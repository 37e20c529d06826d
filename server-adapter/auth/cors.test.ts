import { describe, expect, it } from 'vitest';
import { Problem } from '../../src/contract/index.js';
import { createCors } from './cors.js';

const cors = createCors({ origins: ['https://shop.example.com', 'http://localhost:5173'] });

function preflight(origin: string, method = 'GET'): Request {
  return new Request('http://api.local/v1/stats', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization' },
  });
}

describe('createCors', () => {
  it('answers an allowed preflight with 204 and the allowed methods, headers and max-age', () => {
    const response = cors.preflight(preflight('https://shop.example.com'))!;
    expect(response.status).toBe(204);
    const h = response.headers;
    expect(h.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(h.get('access-control-allow-credentials')).toBe('true');
    expect(h.get('access-control-allow-methods')).toContain('GET');
    expect(h.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['Authorization', 'Content-Type', 'If-None-Match']),
    );
    expect(Number(h.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(h.get('vary')).toContain('Origin');
  });

  it('refuses a preflight from another origin with 403 problem+json and no CORS headers', async () => {
    const response = cors.preflight(preflight('https://evil.example.com'))!;
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = Problem.parse(await response.json());
    expect(body.detail).toContain('https://evil.example.com');
  });

  it('matches origins exactly: no prefix, suffix or scheme tricks', () => {
    for (const origin of [
      'https://shop.example.com.evil.com',
      'http://shop.example.com',
      'https://example.com',
      'null',
    ]) {
      expect(cors.preflight(preflight(origin))!.status).toBe(403);
    }
  });

  it('returns null for a request that is not a preflight', () => {
    expect(
      cors.preflight(new Request('http://api.local/v1/stats', { headers: { origin: 'https://shop.example.com' } })),
    ).toBeNull();
    expect(cors.preflight(new Request('http://api.local/v1/stats', { method: 'OPTIONS' }))).toBeNull();
  });

  it('adds the CORS headers to an allowed origin’s response, keeping status, headers and body', async () => {
    const original = new Response('{"ok":true}', { status: 200, headers: { etag: '"abc"', vary: 'Accept-Encoding' } });
    const request = new Request('http://api.local/v1/stats', { headers: { origin: 'http://localhost:5173' } });
    const response = cors.apply(request, original);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(response.headers.get('etag')).toBe('"abc"');
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Origin');
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('adds only Vary to a disallowed or same-origin request', () => {
    for (const headers of [{ origin: 'https://evil.example.com' }, {}] as Record<string, string>[]) {
      const response = cors.apply(
        new Request('http://api.local/v1/stats', { headers }),
        new Response(null, { status: 304 }),
      );
      expect(response.status).toBe(304);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it('normalises configured origins and refuses anything that is not one', () => {
    const normalised = createCors({ origins: ['HTTPS://Shop.Example.com:443/'] });
    expect(normalised.allows('https://shop.example.com')).toBe(true);
    for (const bad of ['*', 'shop.example.com', 'https://shop.example.com/app', 'https://a@shop.example.com']) {
      expect(() => createCors({ origins: [bad] })).toThrow(/cors origin/);
    }
  });
});
