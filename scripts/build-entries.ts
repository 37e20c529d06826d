/**
 * The one list of what the build produces and how package.json exposes it.
 * rollup.config.ts builds these entries, scripts/sync-exports.ts writes the
 * matching `exports`/`sideEffects`, and tests/package/exports.test.ts checks
 * that package.json still agrees, all without running a build.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Declarations are emitted by `tsc -p tsconfig.build.json` with `rootDir: "."` under this folder. */
export const TYPES_DIR = 'dist/types';

/**
 * Element names, one per registration module `src/define/<name>.ts`; the tag is `dash-<name>`.
 * Read from the folder so a new widget needs no edit here.
 */
export function elementNames(root = ROOT): string[] {
  return readdirSync(join(root, 'src', 'define'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/** Browser ESM entries (output name under dist/ → source), dependencies left as bare imports. */
export function browserEntries(root = ROOT): Record<string, string> {
  const entries: Record<string, string> = { index: 'src/index.ts' };
  for (const name of elementNames(root)) entries[`define/${name}`] = `src/define/${name}.ts`;
  entries['contract/index'] = 'src/contract/index.ts';
  return entries;
}

/** Node entries (output name under dist/ → source). */
export const NODE_ENTRIES: Readonly<Record<string, string>> = {
  'server/index': 'server-adapter/index.ts',
  cli: 'server-adapter/bin/cli.ts',
};

/** The single-file CDN bundle: dist/cdn/dashkit.js registers every element. */
export const CDN_ENTRY = { name: 'dashkit', source: 'src/index.ts' } as const;

/** `src/x/y.ts` → `./dist/types/src/x/y.d.ts` */
export function typesFor(source: string): string {
  return `./${TYPES_DIR}/${source.replace(/\.ts$/, '.d.ts')}`;
}

type ExportTarget = string | { types: string; default?: string };

/** The `exports` map package.json must carry. `types` comes first in every condition object. */
export function expectedExports(root = ROOT): Record<string, ExportTarget> {
  const exports: Record<string, ExportTarget> = {
    '.': { types: typesFor('src/index.ts'), default: './dist/index.js' },
  };
  for (const name of elementNames(root)) {
    exports[`./${name}`] = { types: typesFor(`src/define/${name}.ts`), default: `./dist/define/${name}.js` };
  }
  exports['./contract'] = { types: typesFor('src/contract/index.ts'), default: './dist/contract/index.js' };
  exports['./contract/*.json'] = './dist/contract/*.json';
  // Types only: React JSX typings for the elements (src/jsx.ts).
  exports['./jsx'] = { types: typesFor('src/jsx.ts') };
  exports['./server'] = { types: typesFor('server-adapter/index.ts'), default: './dist/server/index.js' };
  exports['./custom-elements.json'] = './custom-elements.json';
  exports['./package.json'] = './package.json';
  return exports;
}

/**
 * Files with side effects (`customElements.define`); every other module may be
 * tree-shaken by a bundler. Only registration modules and the bundles that
 * import them belong here.
 */
export function expectedSideEffects(root = ROOT): string[] {
  // The sources' registration modules are listed too: Storybook, Vitest and any
  // bundler reading src/ would otherwise drop `import './define/….js'` as unused.
  return [
    './dist/index.js',
    ...elementNames(root).map((n) => `./dist/define/${n}.js`),
    './dist/cdn/*.js',
    // Rollup may hoist an element's `customElements.define` into a chunk shared by
    // `index.js` and `define/<element>.js`; a bundler must keep those calls too.
    './dist/chunks/*.js',
    './src/index.ts',
    './src/define/*.ts',
  ];
}

/** Packages that must never reach a browser output. */
export const SERVER_ONLY_PACKAGES = [
  'pg',
  'ioredis',
  '@electric-sql/pglite',
  'jose',
  'lru-cache',
  'csv-stringify',
  'nodemailer',
  'croner',
];
