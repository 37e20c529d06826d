/**
 * An Express host app: its own pages and sign-in, with the dashkit adapter
 * mounted under /admin/dashboard/api. The adapter asks `authorize` who is
 * calling; it reads the host's session cookie, so the widgets need no token.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express from 'express';
import { createDashboardServer, toNodeListener, UnauthorizedError, type Scope } from 'dashkitjs/server';
import { createSessions, SESSION_COOKIE, type User } from './session.js';

/** dashkit's single-file bundle (and its lazy ECharts chunk), served by the host as static files. */
const CDN_DIR = join(dirname(createRequire(import.meta.url).resolve('dashkitjs/package.json')), 'dist', 'cdn');

export function createApp({ sessionSecret }: { sessionSecret: string }) {
  const sessions = createSessions(sessionSecret);

  const dashboard = createDashboardServer({
    seedDemo: true,
    basePath: '/admin/dashboard/api',
    // Every report, export and event stream: who is this, and which rows may they see?
    authorize(request): Scope {
      const user = sessions.userFromCookie(request.headers.get('cookie'));
      if (!user) throw new UnauthorizedError('sign in at /login');
      return user.customerId === undefined
        ? { subject: user.email, roles: ['staff'], filters: {} }
        : { subject: user.email, roles: ['customer'], filters: { customer_id: user.customerId } };
    },
  });

  const app = express();
  app.disable('x-powered-by');
  // The adapter answers everything under its base path, beside the host's own routes.
  app.all(`${dashboard.basePath}/*path`, toNodeListener(dashboard));
  app.use('/assets/dashkit', express.static(CDN_DIR));

  app.get('/', (_req, res) => res.redirect('/admin'));
  app.get('/login', (_req, res) => res.type('html').send(loginPage()));
  app.post('/login', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as { email?: string; password?: string };
    const user = sessions.login(body.email ?? '', body.password ?? '');
    if (!user) return res.status(401).type('html').send(loginPage('Wrong email or password.'));
    // Add `secure: true` behind HTTPS.
    res.cookie(SESSION_COOKIE, sessions.cookieFor(user), { httpOnly: true, sameSite: 'lax', path: '/' });
    return res.redirect(303, '/admin');
  });
  app.post('/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });
  app.get('/admin', (req, res) => {
    const user = sessions.userFromCookie(req.headers.cookie);
    if (!user) return res.redirect(303, '/login');
    return res.type('html').send(adminPage(user));
  });

  return { app, dashboard };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(title)} · Acme back office</title>
    <link rel="icon" href="data:," />
    <style>
      body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font-family: system-ui, sans-serif; }
      header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
      form.login { display: grid; gap: 0.75rem; max-width: 20rem; }
    </style>
  </head>
  <body>
${body}
  </body>
</html>`;
}

function loginPage(error?: string): string {
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
    ${error ? `<p role="alert">${escape(error)}</p>` : ''}
    <form class="login" method="post" action="/login">
      <label>Email <input name="email" type="email" autocomplete="username" required /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit">Sign in</button>
    </form>
    <p>Demo accounts (password <code>demo</code>): <code>staff@example.com</code> sees everything,
      <code>orchard@example.com</code> only the customer Orchard Media &amp; Sons.</p>`,
  );
}

function adminPage(user: User): string {
  // Same origin as the API: the browser sends the session cookie with every widget request.
  return layout(
    'Dashboard',
    `<script type="module" src="/assets/dashkit/dashkit.js"></script>
    <header>
      <h1>Dashboard</h1>
      <form method="post" action="/logout">Signed in as ${escape(user.name)} <button type="submit">Sign out</button></form>
    </header>
    <dash-board src="/admin/dashboard/api" range="90d" live>
      <dash-period-filter></dash-period-filter>
      <dash-stat-grid metrics="revenue,orders,receivables,overdue"></dash-stat-grid>
      <dash-chart metrics="revenue" type="area"></dash-chart>
      <dash-aging-table></dash-aging-table>
    </dash-board>`,
  );
}
