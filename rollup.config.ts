/**
 * The library build: `rollup -c rollup.config.ts --configPlugin typescript`.
 *
 * - browser ESM (dist/index.js, dist/define/<element>.js, dist/contract/index.js):
 *   for bundler users, so dependencies stay bare imports and shared code
 *   sits in dist/chunks/;
 * - dist/cdn/dashkit.js: one minified file for a plain `<script type="module">`,
 *   everything inlined except ECharts, which stays a lazy chunk beside it;
 * - Node (dist/server/index.js, dist/cli.js): dependencies and peers external.
 *
 * Declarations come from `tsc -p tsconfig.build.json` (see package.json#scripts.build).
 */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import type { ExistingRawSourceMap, OutputChunk, Plugin, RollupOptions, WarningHandlerWithDefault } from 'rollup';
import { idiomaticDecoratorsTransformer } from '@lit/ts-transformers';
import ts from 'typescript';
import { browserEntries, CDN_ENTRY, NODE_ENTRIES, SERVER_ONLY_PACKAGES } from './scripts/build-entries.js';
import { minifyTemplates } from './scripts/minify-templates.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const packages = [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies].flatMap((d) =>
  Object.keys(d ?? {}),
);
const builtins = new Set(builtinModules);

const isPackage = (id: string, names: readonly string[]) => names.some((n) => id === n || id.startsWith(`${n}/`));
const isBuiltin = (id: string) => id.startsWith('node:') || builtins.has(id.split('/')[0] ?? id);

/**
 * Terser, with two settings. The widgets' file (dashkit.js: Lit, zod and our code, every byte of it in the
 * 38 KB budget) also turns function expressions into arrows and treats property reads as free of side
 * effects: none of that code calls `new` on a function expression or reads a property for its effect. The
 * lazy chunks (ECharts above all) keep terser's safe defaults: ECharts does both, and `unsafe_arrows` broke
 * its rich-text labels ("… is not a constructor"). Licence headers move to LICENSES.txt (see `licenses`).
 */
type RenderChunkHook = Extract<NonNullable<Plugin['renderChunk']>, (...args: never[]) => unknown>;

function minify(): Plugin {
  const format = { comments: false } as const;
  const widgets = terser({
    ecma: 2020,
    module: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    format,
  });
  const lazy = terser({ ecma: 2020, module: true, compress: { passes: 3 }, format });
  return {
    name: 'dashkit-minify',
    renderChunk(code, chunk, options, meta) {
      const chosen = chunk.isEntry && chunk.name === CDN_ENTRY.name ? widgets : lazy;
      // @rollup/plugin-terser's hook is a plain function (not the `{ handler }` object form).
      const hook = chosen.renderChunk as RenderChunkHook;
      return hook.call(this, code, chunk, options, meta);
    },
  };
}

/**
 * Fails the build when a browser output would import or contain server-only
 * code: a database or cache driver, JWT verification, or a Node built-in.
 * Catches a stray `import … from '../../server-adapter/…'` in a widget.
 */
function browserGuard(): Plugin {
  const bundled = new RegExp(
    `[\\\\/]node_modules[\\\\/](${SERVER_ONLY_PACKAGES.map((p) => p.replace('/', '[\\\\/]')).join('|')})[\\\\/]`,
  );
  return {
    name: 'dashkit-browser-guard',
    generateBundle(_options, bundle) {
      const problems = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of [...chunk.imports, ...chunk.dynamicImports]) {
          if (isPackage(id, SERVER_ONLY_PACKAGES) || isBuiltin(id)) problems.add(`${chunk.fileName} imports ${id}`);
        }
        for (const id of Object.keys(chunk.modules)) {
          const pkg = bundled.exec(id)?.[1];
          if (pkg) problems.add(`${chunk.fileName} bundles ${pkg}`);
          else if (/[\\/]server-adapter[\\/]/.test(id)) problems.add(`${chunk.fileName} bundles ${id}`);
        }
      }
      if (problems.size > 0) this.error(`server-only code in a browser bundle:\n  ${[...problems].join('\n  ')}`);
    },
  };
}

/**
 * The third-party licences of a browser bundle in one file beside it
 * (`LICENSES.txt`), instead of a comment per bundled module inside it — as
 * webpack's terser plugin does by default: Lit's ten `@license` headers cost
 * about 0.1 KB gzip of the widgets' budget. Each bundled package's own
 * LICENSE file is copied, so the notice travels with the code.
 */
function licenses(fileName = 'LICENSES.txt'): Plugin {
  return {
    name: 'dashkit-licenses',
    generateBundle(_options, bundle) {
      const packages = new Map<string, string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const match = /^(.*[\\/]node_modules[\\/](@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id);
          if (!match?.[1] || packages.has(match[1])) continue;
          const dir = match[1];
          const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((f) => join(dir, f)).find(existsSync);
          const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
            name: string;
            version: string;
          };
          if (!license) this.error(`${name} has no LICENSE file to ship beside the bundle`);
          packages.set(dir, `${name}@${version}\n\n${readFileSync(license, 'utf8').trim()}\n`);
        }
      }
      const text = [...packages.values()].sort().join(`\n${'-'.repeat(72)}\n\n`);
      this.emitFile({ type: 'asset', fileName, source: `Third-party software in this folder's files:\n\n${text}` });
    },
  };
}

/** Makes the CLI entry executable (rollup keeps its `#!/usr/bin/env node` line). */
function executable(fileName: string): Plugin {
  return {
    name: 'dashkit-executable',
    writeBundle(options, bundle) {
      const chunk = bundle[fileName] as OutputChunk | undefined;
      if (!chunk?.code.startsWith('#!')) this.error(`${fileName} must start with a #! line`);
      chmodSync(join(options.dir ?? 'dist', fileName), 0o755);
    },
  };
}

/**
 * An unresolved import would silently become a runtime `import 'x'` of a
 * package the user may not have; fail instead. Warnings about third-party
 * code (ECharts' circular imports, zod's comments) are not ours to fix.
 */
const onwarn: WarningHandlerWithDefault = (warning, warn) => {
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`unresolved import: ${warning.message}`);
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  // zod explains its own @__PURE__ markers in comments rollup cannot place; harmless.
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
  warn(warning);
};

/**
 * TypeScript → JavaScript, one file at a time (`isolatedModules` makes that
 * safe) with the compiler options of tsconfig.build.json. Type-checking and
 * .d.ts are `tsc -p tsconfig.build.json`'s job, run once per build; doing it
 * again in each of the three builds below (as @rollup/plugin-typescript
 * does) cost about 15 s of a 2-core machine for nothing.
 *
 * For the browser (`minify`), Lit's `css`/`html` template text is minified and
 * Lit's decorators are compiled by Lit's own transformer into what a
 * hand-written element says (`static properties = {…}`, initialisers in the
 * constructor) instead of TypeScript's `__decorate` calls: −0.7 KB gzip on
 * the CDN bundle, and no tslib. That transformer needs a Program (it follows
 * each decorator to its import), built once for both browser builds.
 */
function transpile({ minify = false } = {}): Plugin {
  const { options, fileNames } = buildConfig();
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: false,
    declaration: false,
    emitDeclarationOnly: false,
    sourceMap: true,
    inlineSourceMap: false,
    inlineSources: false,
    // One shared `__decorate` (bundled from tslib) instead of a copy per element.
    importHelpers: true,
  };
  const emit = (id: string): { code: string; map: string | undefined } => {
    const program = browserProgram(fileNames, compilerOptions);
    const source = program.getSourceFile(id);
    if (!source) throw new Error(`${id} is not part of tsconfig.build.json`);
    let code = '';
    let map: string | undefined;
    const { emitSkipped } = program.emit(
      source,
      (name, text) => {
        if (name.endsWith('.map')) map = text;
        else code = text;
      },
      undefined,
      false,
      { before: [idiomaticDecoratorsTransformer(program), minifyTemplates] },
    );
    if (emitSkipped) throw new Error(`TypeScript emitted nothing for ${id}`);
    return { code, map };
  };
  return {
    name: 'dashkit-transpile',
    // Sources import `./x.js` (so emitted .d.ts work under NodeNext); the file on disk is `./x.ts`.
    resolveId(source, importer) {
      if (!importer || !/^\.\.?\//.test(source) || !source.endsWith('.js') || importer.includes('node_modules'))
        return null;
      const candidate = resolve(dirname(importer), `${source.slice(0, -3)}.ts`);
      return existsSync(candidate) ? candidate : null;
    },
    transform(code, id) {
      if (!id.endsWith('.ts') || id.endsWith('.d.ts') || id.includes('node_modules')) return null;
      const out = minify
        ? emit(id)
        : (({ outputText, sourceMapText }) => ({ code: outputText, map: sourceMapText }))(
            ts.transpileModule(code, { compilerOptions, fileName: id, reportDiagnostics: false }),
          );
      return {
        code: out.code.replace(/\n\/\/# sourceMappingURL=.*$/, ''),
        map: out.map ? (JSON.parse(out.map) as ExistingRawSourceMap) : null,
      };
    },
  };
}

function buildConfig(): ts.ParsedCommandLine {
  const file = ts.readConfigFile('tsconfig.build.json', (path) => ts.sys.readFile(path));
  if (file.error) throw new Error(ts.flattenDiagnosticMessageText(file.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(file.config, ts.sys, '.');
}

let sharedProgram: ts.Program | undefined;

/** One Program over the shipped sources, shared by the browser builds (about 3 s to make). */
function browserProgram(fileNames: readonly string[], options: ts.CompilerOptions): ts.Program {
  sharedProgram ??= ts.createProgram(fileNames, options);
  return sharedProgram;
}

const browserEsm: RollupOptions = {
  input: browserEntries(),
  external: (id) => isPackage(id, packages),
  // tslib is the only package bundled here: its helpers are our compiled code.
  plugins: [transpile({ minify: true }), nodeResolve({ resolveOnly: ['tslib'] }), browserGuard()],
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  onwarn,
};

const cdn: RollupOptions = {
  input: { [CDN_ENTRY.name]: CDN_ENTRY.source },
  // The lazy ECharts chunk imports a few helpers (number formatting) from the main file; letting
  // rollup add those exports to dashkit.js keeps it one file instead of a facade over a second chunk.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    transpile({ minify: true }),
    // `production` always: left alone, the plugin picks Lit's development build (warnings, 14 KB more)
    // whenever NODE_ENV is set to anything else, e.g. `test` when a test run triggers the build.
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    // ECharts' ESM checks `process.env.NODE_ENV`; a browser has no `process`.
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    minify(),
    browserGuard(),
    licenses(),
  ],
  output: {
    dir: 'dist/cdn',
    format: 'es',
    entryFileNames: '[name].js',
    // Lazy chunks (ECharts) are hashed: the main file may be cached for a
    // short time while a chunk it names can be cached forever.
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
  },
  onwarn,
};

const node: RollupOptions = {
  input: { ...NODE_ENTRIES },
  external: (id) => isPackage(id, packages) || isBuiltin(id),
  plugins: [transpile(), nodeResolve({ resolveOnly: ['tslib'] }), executable('cli.js')],
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'server/chunks/[name]-[hash].js',
    sourcemap: true,
  },
  onwarn,
};

export default [browserEsm, cdn, node];
