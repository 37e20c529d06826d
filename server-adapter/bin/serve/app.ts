/**
 * What `dashkit serve` answers besides the contract: the demo page at `/`,
 * the built bundles under `/dist/` and, in demo mode, the demo's activity
 * endpoint — or, with `--proxy`, the host app for everything outside the
 * base path; and the pieces of its startup line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { staticFiles } from '../../node.js';
import { WEB_FONT_DIR } from '../../render/fonts.js';
import { DEMO_FONT_PATH, demoPage } from '../demo/page.js';
import type { ServeConfig } from './args.js';
import { createProxy } from './proxy.js';

/** `source: …` of the startup line. */
export function sourceLabel(config: ServeConfig): string {
  if (config.databaseUrl) return 'postgresql';
  return config.demo ? 'pglite demo' : 'pglite (empty)';
}

/**
 * What `serve` answers: the demo page at `/`, the built bundles under
 * `/dist/`, the Vazirmatn web font under `/demo/fonts/`, the demo's `POST /demo/activity` when `activity` is given (demo
 * mode only), and the contract (everything else) from the dashboard server.
 */
export function serveHandler(
  dashboard: { fetch(request: Request): Promise<Response> },
  config: ServeConfig,
  dist: string | undefined,
  activity?: (request: Request) => Promise<Response | undefined>,
): (request: Request) => Promise<Response> {
  if (config.proxy) {
    // One origin for the app and the dashboard: dashkit answers its base path, the app everything else.
    const app = createProxy(new URL(config.proxy));
    const base = config.basePath;
    return async (request) => {
      const { pathname } = new URL(request.url);
      return pathname === base || pathname.startsWith(`${base}/`) ? dashboard.fetch(request) : app(request);
    };
  }
  const files = dist ? staticFiles(dist, '/dist/') : async () => undefined;
  // The demo's Persian and Arabic face (the page declares it with @font-face).
  const fonts = staticFiles(WEB_FONT_DIR, DEMO_FONT_PATH);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      const html = demoPage({
        basePath: config.basePath,
        // Checked per request: a build running beside the server shows up on reload.
        widgets: dist !== undefined && existsSync(join(dist, 'cdn', 'dashkit.js')),
        timezone: config.timezone,
        currency: config.currency,
        sourceLabel: sourceLabel(config),
        activity: activity !== undefined,
      });
      return new Response(request.method === 'HEAD' ? null : html, {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
      });
    }
    return (await activity?.(request)) ?? (await files(request)) ?? (await fonts(request)) ?? dashboard.fetch(request);
  };
}

/** The server's `rollups` option for a configuration: nothing when the defaults apply. */
export function rollupOption(config: ServeConfig): { rollups?: boolean | { enabled?: boolean; schema?: string } } {
  if (config.rollups === false) return { rollups: false };
  if (config.rollups === undefined && config.rollupSchema === undefined) return {};
  return {
    rollups: {
      ...(config.rollups ? { enabled: true } : {}),
      ...(config.rollupSchema ? { schema: config.rollupSchema } : {}),
    },
  };
}
