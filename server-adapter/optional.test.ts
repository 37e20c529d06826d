/** A missing driver is one sentence naming the package; any other failure passes through unchanged. */
import { expect, it } from 'vitest';
import { loadOptional, MissingDependencyError } from './optional.js';

it('turns "package not found" into a MissingDependencyError naming the package and the install command', async () => {
  // A specifier in a variable: the type checker and bundlers must not try to resolve it.
  const name = 'dashkit-no-such-package';
  const error = await loadOptional(name, 'The thing (--thing)', () => import(name)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MissingDependencyError);
  expect((error as Error).message).toBe(
    'The thing (--thing) needs the package dashkit-no-such-package, which is not installed: run npm install dashkit-no-such-package',
  );
});

it('passes other failures through, including a missing package imported by the one loaded', async () => {
  const inner = Object.assign(new Error("Cannot find package 'other' imported from /x/index.js"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  await expect(loadOptional('pg', 'PostgreSQL', () => Promise.reject(inner))).rejects.toBe(inner);
  const broken = new SyntaxError('Unexpected token');
  await expect(loadOptional('pg', 'PostgreSQL', () => Promise.reject(broken))).rejects.toBe(broken);
});

it('returns the module when it is there', async () => {
  const pg = await loadOptional('pg', 'PostgreSQL', () => import('pg'));
  expect(typeof pg.default.Pool).toBe('function');
});
