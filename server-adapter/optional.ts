/**
 * Loading the drivers that are not always installed — `pg` (PostgreSQL),
 * `ioredis` (Redis) and `@electric-sql/pglite` (the embedded database) — so
 * that a missing one is one sentence saying what to install, never Node's
 * `ERR_MODULE_NOT_FOUND` with a stack trace from inside dist/.
 */

/** A driver the chosen feature needs is not installed; the message says which and how to install it. */
export class MissingDependencyError extends Error {
  override name = 'MissingDependencyError';

  constructor(
    /** The npm package, e.g. `pg`. */
    readonly packageName: string,
    /** What needed it, e.g. `PostgreSQL (--database-url)`. */
    readonly feature: string,
    options?: ErrorOptions,
  ) {
    super(
      `${feature} needs the package ${packageName}, which is not installed: run npm install ${packageName}`,
      options,
    );
  }
}

/** Whether `error` says that `packageName` itself (not something it imports) cannot be found. */
function isMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && message.includes(`'${packageName}'`);
}

/**
 * Runs `load` (an `import()` with a literal specifier, so bundlers still see
 * it) and turns "package not found" into a MissingDependencyError naming
 * `feature`; any other failure is rethrown as it is.
 *
 * @example
 * const pg = await loadOptional('pg', 'PostgreSQL (--database-url)', () => import('pg'));
 */
export async function loadOptional<T>(packageName: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error, packageName)) throw new MissingDependencyError(packageName, feature, { cause: error });
    throw error;
  }
}

/** `pg`, for a PostgreSQL URL (the source, LISTEN/NOTIFY, `dashkit triggers` and `doctor`). */
export function loadPg(feature = 'PostgreSQL (--database-url)'): Promise<typeof import('pg')> {
  return loadOptional('pg', feature, () => import('pg'));
}

/** `@electric-sql/pglite`, for the embedded database used when no PostgreSQL URL is given. */
export function loadPglite(): Promise<typeof import('@electric-sql/pglite')> {
  return loadOptional(
    '@electric-sql/pglite',
    'The embedded database (used without --database-url)',
    () => import('@electric-sql/pglite'),
  );
}
