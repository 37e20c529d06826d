/**
 * package.json must expose exactly what the build produces: one subpath per
 * registration module in src/define/, `types` first, side effects limited to
 * registration modules. Checked against the sources, without a build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  browserEntries,
  CDN_ENTRY,
  elementNames,
  expectedExports,
  expectedSideEffects,
  NODE_ENTRIES,
  TYPES_DIR,
} from '../../scripts/build-entries.js';
import { expectedIndex } from '../../scripts/sync-exports.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  sideEffects: string[];
  bin: Record<string, string>;
  types: string;
  customElements: string;
};
const FIX = 'run `npm run exports:sync`';

/** Every `dist/…js` file the rollup config writes for an entry. */
const produced = new Set([
  ...Object.keys(browserEntries()).map((name) => `dist/${name}.js`),
  ...Object.keys(NODE_ENTRIES).map((name) => `dist/${name}.js`),
  `dist/cdn/${CDN_ENTRY.name}.js`,
]);

/** All export targets, flattened: `[subpath, condition, target]`. */
const targets = Object.entries(pkg.exports).flatMap(([subpath, target]) =>
  typeof target === 'string'
    ? [[subpath, 'default', target] as const]
    : Object.entries(target).map(([c, t]) => [subpath, c, t] as const),
);

describe('package.json', () => {
  it('has one subpath export per src/define module, and no other element', () => {
    const names = elementNames();
    expect(names).toContain('stat-card');
    const elementSubpaths = Object.keys(pkg.exports).filter(
      (k) =>
        ![
          '.',
          './contract',
          './contract/*.json',
          './jsx',
          './server',
          './custom-elements.json',
          './package.json',
        ].includes(k),
    );
    expect(elementSubpaths.sort(), FIX).toEqual(names.map((n) => `./${n}`).sort());
  });

  it('has the exports sync-exports writes, `types` first in each', () => {
    expect(JSON.stringify(pkg.exports), FIX).toBe(JSON.stringify(expectedExports()));
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'object') expect(Object.keys(target)[0], subpath).toBe('types');
    }
  });

  it('points every JavaScript export, side effect and bin at a file the build writes', () => {
    const js = [
      ...targets.filter(([, c, t]) => c === 'default' && t.endsWith('.js')).map(([, , t]) => t),
      ...pkg.sideEffects.filter((s) => !s.includes('*') && s.startsWith('./dist/')),
      ...Object.values(pkg.bin),
    ];
    for (const target of js) expect(produced, target).toContain(target.replace(/^\.\//, ''));
    for (const [name, source] of [...Object.entries(browserEntries()), ...Object.entries(NODE_ENTRIES)]) {
      expect(existsSync(new URL(source, ROOT)), `${name}: ${source}`).toBe(true);
    }
  });

  it('points every `types` at the declaration tsc emits for an existing source', () => {
    const build = JSON.parse(read('tsconfig.build.json')) as {
      include: string[];
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(build.compilerOptions).toMatchObject({ outDir: TYPES_DIR, rootDir: '.' });
    const declarations = [...targets.filter(([, c]) => c === 'types').map(([, , t]) => t), pkg.types];
    for (const d of declarations) {
      const source = d.replace(`./${TYPES_DIR}/`, '').replace(/\.d\.ts$/, '.ts');
      expect(existsSync(new URL(source, ROOT)), d).toBe(true);
      expect(
        build.include.some((dir) => source.startsWith(`${dir}/`)),
        `${source} is outside tsconfig.build.json#include`,
      ).toBe(true);
    }
  });

  it('declares side effects only for registration modules and bundles', () => {
    expect(pkg.sideEffects, FIX).toEqual(expectedSideEffects());
  });

  it('runs the CLI from a file with a #! line, as `dashkit` and as the package name (`npx dashkitjs`)', () => {
    expect(pkg.name).toBe('dashkitjs');
    expect(pkg.bin).toEqual({ dashkit: 'dist/cli.js', dashkitjs: 'dist/cli.js' });
    expect(read(NODE_ENTRIES['cli'] ?? '')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('names the manifest the analyzer writes, and keeps the analyzer off package.json', () => {
    const config = read('custom-elements-manifest.config.mjs');
    expect(config).toMatch(/^\s*outdir: '\.',$/m);
    expect(config).toMatch(/^\s*packagejson: false,$/m);
    expect(pkg.customElements).toBe('custom-elements.json');
    expect(pkg.exports['./custom-elements.json']).toBe('./custom-elements.json');
  });
});

describe('registration modules', () => {
  it('src/index.ts registers every element', () => {
    expect(read('src/index.ts'), FIX).toBe(expectedIndex());
  });

  it.each(elementNames())('src/define/%s.ts registers its element once', (name) => {
    const source = read(`src/define/${name}.ts`);
    expect(source).toContain(`if (!customElements.get('dash-${name}')) customElements.define('dash-${name}', `);
  });
});
