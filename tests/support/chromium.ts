/**
 * Finds the Chromium that the browser tests (Vitest browser mode) and the
 * end-to-end tests drive. Playwright installs no browser here, so the system
 * package comes before Playwright's own download.
 *
 * Order: `CHROMIUM_PATH`, `CHROME_PATH`, `/usr/bin/chromium`, then Playwright's
 * `chromium.executablePath()`. A variable that is set but names a missing file
 * is an error rather than a silent fall-through: a typo should not quietly
 * test against another browser.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Flags for headless Chromium in a container: no sandbox, no GPU, no background network chatter. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Debian's `chromium` package puts the browser. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const INSTALL_HINT =
  'Install Chromium with `apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium` ' +
  'where downloads work, or point CHROMIUM_PATH at a Chromium or Chrome executable.';

export type ChromiumSource = 'CHROMIUM_PATH' | 'CHROME_PATH' | 'system' | 'playwright';

export type ChromiumLookup = { ok: true; path: string; source: ChromiumSource } | { ok: false; message: string };

export interface ChromiumLookupInput {
  env: Readonly<Record<string, string | undefined>>;
  exists: (path: string) => boolean;
  /** Playwright's own browser path, asked only when nothing before it matched (loading `playwright` costs time). */
  playwrightPath?: () => string | undefined;
}

/** Pure discovery: no file system or process access, so the order can be unit-tested. */
export function findChromium({ env, exists, playwrightPath }: ChromiumLookupInput): ChromiumLookup {
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH'] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (exists(value)) return { ok: true, path: value, source: name };
    return {
      ok: false,
      message: `${name} is set to ${JSON.stringify(value)}, but no file exists there. ${INSTALL_HINT}`,
    };
  }
  if (exists(SYSTEM_CHROMIUM)) return { ok: true, path: SYSTEM_CHROMIUM, source: 'system' };
  const bundled = playwrightPath?.();
  if (bundled && exists(bundled)) return { ok: true, path: bundled, source: 'playwright' };
  const tried = [SYSTEM_CHROMIUM, bundled].filter(Boolean).join(', ');
  return { ok: false, message: `No Chromium found (tried CHROMIUM_PATH, CHROME_PATH, ${tried}). ${INSTALL_HINT}` };
}

/** Playwright's bundled-browser path, or undefined when `playwright` is not installed. */
export function playwrightChromiumPath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright') as { chromium: { executablePath(): string } };
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Discovery against the real environment and file system. */
export function locateChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  return findChromium({ env, exists: existsSync, playwrightPath: playwrightChromiumPath });
}
