import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Problem } from '../../src/contract/index.js';
import { HttpError, UnauthorizedError, UnavailableError } from '../errors.js';
import { createEventsToken, createJwtAuthorizer, MAX_EVENTS_TOKEN_TTL_SECONDS } from './jwt.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

async function hs256(claims: JWTPayload, options: { secret?: Uint8Array; exp?: number | null } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 600);
  return jwt.sign(options.secret ?? key);
}

function request(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, { headers });
}

const bearer = (token: string, path = '/v1/stats') => request(path, { authorization: `Bearer ${token}` });

/** The error a refused request gets, checked to render as a valid problem+json. */
async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  const http = error as HttpError;
  const response = http.toResponse();
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  Problem.parse(await response.json());
  return http;
}

describe('createJwtAuthorizer (HS256)', () => {
  const authorize = createJwtAuthorizer({ secret: SECRET });

  it('maps sub, roles and the customer_id claim to the scope', async () => {
    const token = await hs256({ sub: 'u-7', roles: ['customer'], customer_id: 7, email: 'x@example.com' });
    expect(await authorize(bearer(token))).toEqual({
      subject: 'u-7',
      roles: ['customer'],
      filters: { customer_id: 7 },
    });
  });

  it('gives an admin token without filter claims no filters, and narrows one that carries them', async () => {
    expect(await authorize(bearer(await hs256({ sub: 'boss', roles: ['admin'] })))).toEqual({
      subject: 'boss',
      roles: ['admin'],
      filters: {},
    });
    const narrowed = await authorize(bearer(await hs256({ roles: ['admin'], customer_id: '12' })));
    expect(narrowed.filters).toEqual({ customer_id: '12' });
  });

  it.each([
    ['missing', () => Promise.resolve(request('/v1/stats')), /missing token/],
    ['expired', async () => bearer(await hs256({ sub: 'a' }, { exp: now() - 60 })), /bearer token: expired at /],
    [
      'signed with another secret',
      async () => bearer(await hs256({ sub: 'a' }, { secret: new TextEncoder().encode(`${SECRET}-other`) })),
      /signature does not verify/,
    ],
    [
      'forged (payload changed after signing)',
      async () => {
        const [h, , s] = (await hs256({ sub: 'a', customer_id: 7 })).split('.');
        const payload = Buffer.from(JSON.stringify({ sub: 'a', roles: ['admin'], exp: now() + 600 })).toString(
          'base64url',
        );
        return bearer(`${h}.${payload}.${s}`);
      },
      /signature does not verify/,
    ],
    [
      'alg none',
      async () => bearer(new UnsecuredJWT({ sub: 'a', roles: ['admin'] }).setExpirationTime('10m').encode()),
      /alg "none" is not accepted; expected HS256/,
    ],
    ['not a JWT', () => Promise.resolve(bearer('not-a-jwt')), /not a JWT/],
    ['without exp', async () => bearer(await hs256({ sub: 'a' }, { exp: null })), /"exp"/],
    ['roles not an array', async () => bearer(await hs256({ roles: 'admin' })), /"roles" must be an array of strings/],
    ['a null filter claim', async () => bearer(await hs256({ customer_id: null })), /"customer_id" must be/],
    ['an empty filter claim', async () => bearer(await hs256({ customer_id: '' })), /"customer_id" must be/],
    [
      'a malformed Authorization header',
      () => Promise.resolve(request('/v1/stats', { authorization: 'Basic dXNlcjpwYXNz' })),
      /expected "Bearer <token>"/,
    ],
  ])('refuses a request %s with 401', async (_name, make, detail) => {
    const req = await make();
    const error = await refusal(authorize(req));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(detail);
    // Never echo the credential back.
    const token = req.headers.get('authorization')?.split(' ')[1];
    if (token && token.length > 20) expect(error.message).not.toContain(token);
    expect(error.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a token issued in the future beyond the clock tolerance, and accepts a small skew', async () => {
    const issued = (iat: number) =>
      new SignJWT({ sub: 'a' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(iat)
        .setExpirationTime(now() + 3600)
        .sign(key);
    const future = await refusal(authorize(bearer(await issued(now() + 3600))));
    expect(future).toBeInstanceOf(UnauthorizedError);
    expect(future.message).toMatch(/issued in the future .*at most 5 s/);
    // Three seconds ahead is an issuer whose clock drifted, not a forgery.
    await expect(authorize(bearer(await issued(now() + 3)))).resolves.toMatchObject({ subject: 'a' });
    const lenient = createJwtAuthorizer({ secret: SECRET, clockToleranceSeconds: 120 });
    await expect(lenient(bearer(await issued(now() + 60)))).resolves.toMatchObject({ subject: 'a' });
  });

  it('checks audience and issuer when configured', async () => {
    const strict = createJwtAuthorizer({ secret: SECRET, audience: 'dashkit', issuer: 'https://shop.example.com' });
    const good = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('dashkit')
      .setIssuer('https://shop.example.com')
      .setExpirationTime('5m')
      .sign(key);
    expect((await strict(bearer(good))).subject).toBe('a');
    const error = await refusal(
      strict(bearer(await hs256({ sub: 'a', aud: 'other', iss: 'https://shop.example.com' }))),
    );
    expect(error.message).toMatch(/"aud" claim/);
  });

  it('maps only the configured filter claims', async () => {
    const tenants = createJwtAuthorizer({ secret: SECRET, filterClaims: ['tenant_id', 'region'] });
    const token = await hs256({ tenant_id: 3, region: 'eu', customer_id: 9 });
    expect((await tenants(bearer(token))).filters).toEqual({ tenant_id: 3, region: 'eu' });
  });

  it('refuses configuration that cannot be safe', () => {
    expect(() => createJwtAuthorizer({})).toThrow(/secret.*jwksUrl/);
    expect(() => createJwtAuthorizer({ secret: 'short' })).toThrow(/at least 32 bytes/);
    expect(() => createJwtAuthorizer({ secret: SECRET, filterClaims: ['sub'] })).toThrow(/registered claim/);
    expect(() => createJwtAuthorizer({ jwksUrl: 'ftp://example.com/jwks' })).toThrow(/http/);
  });
});

describe('createJwtAuthorizer token locations', () => {
  const authorize = createJwtAuthorizer({ secret: SECRET });

  it('reads the dashkit_token cookie for cookie sessions', async () => {
    const token = await hs256({ sub: 'c', roles: ['customer'], customer_id: 4 });
    const scope = await authorize(request('/v1/stats', { cookie: `theme=dark; dashkit_token=${token}; other=1` }));
    expect(scope.filters).toEqual({ customer_id: 4 });
  });

  it('prefers the Authorization header over the cookie', async () => {
    const header = await hs256({ sub: 'from-header' });
    const cookie = await hs256({ sub: 'from-cookie' });
    const scope = await authorize(
      request('/v1/stats', { authorization: `Bearer ${header}`, cookie: `dashkit_token=${cookie}` }),
    );
    expect(scope.subject).toBe('from-header');
  });

  it('ignores cookies when cookieName is false, and reads a custom cookie name', async () => {
    const token = await hs256({ sub: 'c' });
    const noCookies = createJwtAuthorizer({ secret: SECRET, cookieName: false });
    expect((await refusal(noCookies(request('/v1/stats', { cookie: `dashkit_token=${token}` })))).message).toMatch(
      /missing token/,
    );
    const custom = createJwtAuthorizer({ secret: SECRET, cookieName: 'session' });
    expect((await custom(request('/v1/stats', { cookie: `session=${token}` }))).subject).toBe('c');
  });

  it('opens v1/events with a short-lived events token in the URL, carrying the scope exactly', async () => {
    const scope = { subject: 'u1', roles: ['customer'], filters: { customer_id: 7, tenant: 'eu' } };
    const token = await createEventsToken(scope, SECRET);
    expect(await authorize(request(`/dashboard/api/v1/events?access_token=${token}`))).toEqual(scope);
  });

  it('accepts an events token only for v1/events, and the URL only for events tokens', async () => {
    const events = await createEventsToken({ roles: ['admin'], filters: {} }, SECRET);
    // In the URL of another endpoint.
    expect((await refusal(authorize(request(`/v1/stats?access_token=${events}`)))).message).toMatch(
      /only by v1\/events/,
    );
    // In a header, for another endpoint.
    expect((await refusal(authorize(bearer(events, '/v1/stats')))).message).toMatch(/opens only v1\/events/);
    // A session token in the URL.
    const session = await hs256({ sub: 'a', roles: ['admin'] });
    expect((await refusal(authorize(request(`/v1/events?access_token=${session}`)))).message).toMatch(
      /takes only an events token/,
    );
    // An events-marked token living too long.
    const long = await new SignJWT({ roles: [], filters: {}, token_use: 'dashkit:events' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime(now() + MAX_EVENTS_TOKEN_TTL_SECONDS + 60)
      .sign(key);
    expect((await refusal(authorize(request(`/v1/events?access_token=${long}`)))).message).toMatch(/at most 300 s/);
    // The same token is fine for the event stream in a header (it is in no URL).
    expect((await authorize(bearer(events, '/v1/events'))).roles).toEqual(['admin']);
  });

  it('refuses an expired events token', async () => {
    const strict = createJwtAuthorizer({ secret: SECRET, clockToleranceSeconds: 0 });
    const past = await new SignJWT({ roles: [], filters: {}, token_use: 'dashkit:events' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now() - 120)
      .setExpirationTime(now() - 60)
      .sign(key);
    expect((await refusal(strict(request(`/v1/events?access_token=${past}`)))).message).toMatch(/expired/);
  });

  it('validates createEventsToken arguments', async () => {
    await expect(createEventsToken({ roles: [], filters: {} }, SECRET, 0)).rejects.toThrow(/ttlSeconds/);
    await expect(createEventsToken({ roles: [], filters: {} }, SECRET, 3600)).rejects.toThrow(/ttlSeconds/);
    await expect(createEventsToken({ roles: [], filters: {} }, 'short')).rejects.toThrow(/32 bytes/);
  });
});

describe('createJwtAuthorizer (RS256 via JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  let requests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const rs256 = (claims: JWTPayload, signWith: CryptoKey = privateKey, kid = 'k1') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setExpirationTime('5m').sign(signWith);

  it('verifies against the key set and maps the claims', async () => {
    const authorize = createJwtAuthorizer({ jwksUrl });
    const scope = await authorize(bearer(await rs256({ sub: 'r', roles: ['customer'], customer_id: 2 })));
    expect(scope).toEqual({ subject: 'r', roles: ['customer'], filters: { customer_id: 2 } });
    // The key set is cached: a second token costs no fetch.
    const before = requests;
    await authorize(bearer(await rs256({ sub: 'r2' })));
    expect(requests).toBe(before);
  });

  it('refuses a token signed by another key, an unknown kid, and an HS256 token (key confusion)', async () => {
    const authorize = createJwtAuthorizer({ jwksUrl });
    expect((await refusal(authorize(bearer(await rs256({ sub: 'x' }, otherKey))))).message).toMatch(/signature/);
    expect((await refusal(authorize(bearer(await rs256({ sub: 'x' }, privateKey, 'nope'))))).message).toMatch(/kid/);
    expect((await refusal(authorize(bearer(await hs256({ sub: 'x' }))))).message).toMatch(
      /alg "HS256" is not accepted; expected RS256/,
    );
  });

  it('accepts both algorithms when both are configured', async () => {
    const authorize = createJwtAuthorizer({ jwksUrl, secret: SECRET });
    expect((await authorize(bearer(await rs256({ sub: 'rs' })))).subject).toBe('rs');
    expect((await authorize(bearer(await hs256({ sub: 'hs' })))).subject).toBe('hs');
  });

  it('answers 503, not 401, when the key set cannot be fetched', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    const authorize = createJwtAuthorizer({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
    const error = await refusal(authorize(bearer(await rs256({ sub: 'x' }))));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBeDefined();
  });
});

describe('createJwtAuthorizer: verified tokens remembered', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('remembers a verified token (header or cookie) and nothing else', async () => {
    const authorize = createJwtAuthorizer({ secret: SECRET });
    const token = await hs256({ sub: 'u-1', customer_id: 1 });
    expect(authorize.remembered(`Bearer ${token}`, undefined)).toBeUndefined();
    const scope = await authorize(bearer(token));
    expect(authorize.remembered(`Bearer ${token}`, undefined)).toBe(scope);
    expect(authorize.remembered(undefined, `a=1; dashkit_token=${token}`)).toBe(scope);
    // The header wins over the cookie, as in findToken: a malformed or unknown one means "verify".
    expect(authorize.remembered('Token x', `dashkit_token=${token}`)).toBeUndefined();
    expect(authorize.remembered(`Bearer ${token}x`, `dashkit_token=${token}`)).toBeUndefined();
    expect(authorize.remembered(undefined, undefined)).toBeUndefined();
  });

  it('never remembers a refused token', async () => {
    const authorize = createJwtAuthorizer({ secret: SECRET });
    const forged = await hs256({ sub: 'u-1' }, { secret: new TextEncoder().encode(`${SECRET}-other`) });
    await refusal(authorize(bearer(forged)));
    expect(authorize.remembered(`Bearer ${forged}`, undefined)).toBeUndefined();
    await refusal(authorize(bearer(forged)));
  });

  it('forgets a token at its exp: the next request is refused as expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const authorize = createJwtAuthorizer({ secret: SECRET, clockToleranceSeconds: 0 });
    const token = await hs256({ sub: 'u-1' }, { exp: now() + 60 });
    await authorize(bearer(token));
    vi.setSystemTime(new Date('2026-01-01T00:00:59Z'));
    expect(authorize.remembered(`Bearer ${token}`, undefined)).toBeDefined();
    vi.setSystemTime(new Date('2026-01-01T00:01:00Z'));
    expect(authorize.remembered(`Bearer ${token}`, undefined)).toBeUndefined();
    expect((await refusal(authorize(bearer(token)))).message).toMatch(/expired/);
  });

  it('does not remember for v1/events, where an events token is accepted', async () => {
    const authorize = createJwtAuthorizer({ secret: SECRET });
    const token = await createEventsToken({ roles: [], filters: { customer_id: 3 } }, SECRET);
    await authorize(request(`/v1/events?access_token=${token}`));
    await authorize(request('/v1/events', { authorization: `Bearer ${token}` }));
    expect(authorize.remembered(`Bearer ${token}`, undefined)).toBeUndefined();
    // …and the same token on a report stays refused.
    await refusal(authorize(bearer(token)));
  });
});
