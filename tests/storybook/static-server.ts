/**
 * The smallest static file server the Storybook smoke test needs: GET/HEAD of
 * files under one folder on 127.0.0.1 and a free port, `index.html` for a
 * folder, 404 for anything else (and for any path that leaves the folder) except
 * `/favicon.ico`, which Chromium requests by itself: 204, so it logs no error.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** e.g. `http://127.0.0.1:40123`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory() && statSync(join(path, 'index.html')).isFile()) return join(path, 'index.html');
  } catch {
    return undefined;
  }
  return undefined;
}

/** Serves `root` until `close()`. */
export function serveStatic(root: string): Promise<StaticServer> {
  const base = normalize(root).replace(/[\\/]+$/, '');
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file = request.method === 'GET' || request.method === 'HEAD' ? fileFor(base, pathname) : undefined;
    if (!file && pathname === '/favicon.ico') {
      // Chromium asks for it on its own; Storybook's iframe has none, and a 404 would log a console error.
      response.writeHead(204).end();
      return;
    }
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
