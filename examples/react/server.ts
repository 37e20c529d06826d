/**
 * The example's backend: the dashkit adapter under /api, accepting one bearer
 * token, plus the built app (dist/). `npm start`; PORT and DASHBOARD_TOKEN
 * are read from the environment.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDashboardServer, listen, staticFiles, UnauthorizedError } from 'dashkitjs/server';

const token = process.env.DASHBOARD_TOKEN ?? randomBytes(24).toString('base64url');
const expected = Buffer.from(`Bearer ${token}`);

const dashboard = createDashboardServer({
  seedDemo: true,
  basePath: '/api',
  authorize(request) {
    const given = Buffer.from(request.headers.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedError('send the token from /session as a bearer token');
    }
    return { subject: 'demo', roles: ['staff'], filters: {} };
  },
});
const app = staticFiles(fileURLToPath(new URL('./dist/', import.meta.url)), '/');

const server = await listen(
  {
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/api/')) return dashboard.fetch(request);
      // Stands in for your login flow, which would issue a token per user.
      if (pathname === '/session') return Response.json({ token });
      const file = pathname === '/' ? new Request(new URL('/index.html', request.url)) : request;
      return (await app(file)) ?? new Response('Not Found', { status: 404 });
    },
    close: () => dashboard.close(),
  },
  { port: Number(process.env.PORT ?? 8787) },
);
console.log(`React example on ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
