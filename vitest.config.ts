/**
 * Two Vitest projects:
 * - `unit`: Node, every `*.test.ts` outside the browser folders (contract, adapter, tooling).
 * - `browser`: real headless Chromium through Playwright, for the custom elements
 *   (`src/components/**`) and cross-cutting browser tests (`tests/browser/**`).
 *
 * `npx vitest run --project unit` needs no browser; the browser project fails
 * early with the install command when no Chromium is found (tests/support/chromium.ts).
 */
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, locateChromium } from './tests/support/chromium.js';

const BROWSER_TESTS = ['src/components/**/*.test.ts', 'tests/browser/**/*.test.ts'];

const chromium = locateChromium();

/**
 * A fresh object per project: Vitest mutates `browser.instances` while it
 * resolves a project, so sharing one object between projects breaks the second.
 */
function chromiumBrowser() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: {
        ...(chromium.ok ? { executablePath: chromium.path } : {}),
        args: [...CHROMIUM_ARGS],
      },
    }),
    instances: [{ browser: 'chromium' as const }],
    screenshotFailures: false,
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['**/*.test.ts'],
          exclude: [
            'src/components/**',
            'tests/browser/**',
            '**/node_modules/**',
            'dist/**',
            'examples/**/node_modules/**',
          ],
        },
      },
      {
        extends: true,
        // ECharts (and other browser code written for bundlers) checks `process.env.NODE_ENV`.
        define: { 'process.env.NODE_ENV': JSON.stringify('test') },
        optimizeDeps: {
          // Pre-bundled up front so Vite does not discover them mid-run and reload the page.
          include: [
            'lit',
            'lit/decorators.js',
            'lit/directives/class-map.js',
            '@lit/task',
            '@lit/context',
            'zod/mini',
            'axe-core',
          ],
        },
        test: {
          name: 'browser',
          include: BROWSER_TESTS,
          exclude: ['**/node_modules/**', 'dist/**'],
          // Fails the run with the install command before any browser is launched; else starts the
          // fixture backend (another origin than the page) and provides its URL as `fixtureServer`.
          globalSetup: chromium.ok ? ['tests/support/fixture-server.ts'] : ['tests/support/require-chromium.ts'],
          browser: chromiumBrowser(),
        },
      },
    ],
  },
});
