/**
 * The doctor's checks on a database URL, as `dashkit doctor` and `dashkit
 * serve` run them: one small connection, the definition `serve` would use,
 * and every failure to get that far as one sentence (never a stack).
 */
import { loadConfig } from '../../engine/config.js';
import { COMMERCE_DEFINITION, type Definition } from '../../engine/metrics.js';
import { createPgSource } from '../../sources/pg.js';
import { formatProblem, type InspectOptions, inspectDatabase, type Inspection } from './inspect.js';

export interface DoctorOptions extends InspectOptions {
  databaseUrl: string;
  configPath?: string;
}

/** The driver's message only: never the connection string, never a stack. */
function message(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const first = error.errors[0] as { message?: string; code?: string } | undefined;
    return `cannot connect: ${first?.message || first?.code || 'connection refused'}`;
  }
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  // Node's network errors (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…) say where, not what they mean.
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? `cannot connect: ${text}` : text;
}

export async function runDoctor(
  options: DoctorOptions,
): Promise<{ inspection: Inspection; lines: string[] } | { error: string }> {
  let definition: Definition;
  try {
    definition = options.configPath ? await loadConfig(options.configPath) : COMMERCE_DEFINITION;
  } catch (error) {
    return { error: message(error) };
  }
  let source;
  try {
    source = await createPgSource({
      connectionString: options.databaseUrl,
      poolConfig: { max: 1, connectionTimeoutMillis: 10_000 },
    });
  } catch (error) {
    return { error: message(error) };
  }
  try {
    const inspection = await inspectDatabase(source, definition, options);
    return { inspection, lines: inspection.problems.map(formatProblem) };
  } catch (error) {
    return { error: message(error) };
  } finally {
    await source.close().catch(() => {});
  }
}
