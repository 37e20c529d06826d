/**
 * Custom metrics from a configuration object or file (`dashkit serve
 * --config`). A file is JSON, or a `.js`/`.mjs` module whose default export
 * is the object (or a function returning it) — the way to give a metric a
 * function. Every problem is reported with the path of the bad field, e.g.
 * `metrics[2].aggregate: expected one of sum, count, …`.
 *
 * This module reads and parses; the schema is config-schema.ts, the rules
 * across fields (unique ids, ratios, segments) and DefinitionError are
 * config-check.ts.
 *
 * @example
 * // dashkit.config.json
 * {
 *   "metrics": [
 *     { "kind": "sql", "id": "refunds", "label": "Refunds", "format": "currency", "goodDirection": "down",
 *       "table": "refunds", "time": "created_at", "aggregate": "sum", "column": "amount",
 *       "filterColumns": { "customer_id": "customer_id" } },
 *     { "kind": "ratio", "id": "refund_rate", "label": "Refund rate", "format": "percent", "goodDirection": "down",
 *       "numerator": "refunds", "denominator": "revenue", "scale": 4 }
 *   ],
 *   "dimensions": [
 *     { "id": "region", "label": "Region", "columns": { "orders": "region", "invoices": "region" } }
 *   ]
 * }
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Board } from '../../src/contract/index.js';
import { checkDefinition, type ConfigIssue, DefinitionError } from './config-check.js';
import { Config } from './config-schema.js';
import { COMMERCE_DEFINITION, type Definition, type DimensionDef, type MetricDef } from './metrics.js';
import {
  DEFAULT_ACTIVITY_MAPPING,
  parseActivityMapping,
  parseAgingMapping,
  parseLowStockMapping,
  ReportsConfigError,
} from './reports-config.js';

export { checkDefinition, type ConfigIssue, DefinitionError } from './config-check.js';
export { BOARD_ID, type DashkitConfig } from './config-schema.js';

function pathText(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') ||
    '(config)'
  );
}

function replaceById<T extends { id: string }>(base: readonly T[], extra: readonly T[]): T[] {
  const ids = new Set(extra.map((e) => e.id));
  return [...base.filter((b) => !ids.has(b.id)), ...extra];
}

/**
 * Validates a config object and returns the definition it describes: the
 * commerce metrics plus (or replaced by) the listed ones, unless `base` is
 * `none`. Throws DefinitionError naming every bad field.
 */
export function parseConfig(input: unknown, source?: string): Definition {
  const result = Config.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => {
      const path = pathText(issue.path);
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((k) => ({ path: path === '(config)' ? k : `${path}.${k}`, message: 'unknown field' }));
      return [{ path, message: issue.message }];
    });
    throw new DefinitionError(issues, source);
  }
  const config = result.data;
  const base: Definition =
    config.base === 'none' ? { metrics: [], breakdowns: [], dimensions: [], segments: null } : COMMERCE_DEFINITION;
  const listed = (config.metrics ?? []) as MetricDef[];
  const metrics = replaceById(base.metrics, listed);
  // Report problems at the config's own positions, built-ins by id.
  const kept = metrics.length - listed.length;
  const paths = metrics.map((m, i) => (i < kept ? `built-in metric "${m.id}"` : `metrics[${i - kept}]`));
  const definition: Definition = {
    metrics,
    breakdowns: replaceById(base.breakdowns, config.breakdowns ?? []),
    dimensions: replaceById(base.dimensions ?? [], (config.dimensions ?? []) as DimensionDef[]),
    segments: config.segments !== undefined ? config.segments : base.segments,
    ...(config.reports ? { reports: config.reports } : {}),
  };
  try {
    if (config.aging !== undefined) definition.aging = parseAgingMapping(config.aging, 'aging');
    if (config.lowStock !== undefined) definition.lowStock = parseLowStockMapping(config.lowStock, 'lowStock');
    if (config.activity === null) definition.activity = null;
    else if (config.activity !== undefined || config.base === 'none') {
      // Listed sources add to (or replace by kind) the commerce orders; `base: none` starts from no source.
      const base = config.base === 'none' ? [] : DEFAULT_ACTIVITY_MAPPING.sources;
      const activity = parseActivityMapping(config.activity, 'activity', base);
      definition.activity = activity.sources.length > 0 ? activity : null;
    }
  } catch (error) {
    if (error instanceof ReportsConfigError) throw new DefinitionError(error.issues, source);
    throw error;
  }
  if (config.pipelines !== undefined) definition.pipelines = config.pipelines;
  if (config.boards !== undefined) definition.boards = namedBoards(config.boards, source);
  if (config.digests !== undefined) definition.digests = config.digests;
  checkDefinition(definition, source, paths);
  return definition;
}

/**
 * Named boards with their ids set from their keys; a board whose own `id`
 * differs from its key is an error at `boards.<key>.id`.
 */
export function namedBoards(boards: Readonly<Record<string, Board>>, source?: string): Record<string, Board> {
  const out: Record<string, Board> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, board] of Object.entries(boards)) {
    if (board.id !== undefined && board.id !== key)
      issues.push({ path: `boards.${key}.id`, message: `expected "${key}" (the board's key) or no id` });
    out[key] = { ...board, id: key };
  }
  if (issues.length) throw new DefinitionError(issues, source);
  return out;
}

/**
 * Reads a config file: `.json`, or `.js`/`.mjs` whose default export is the
 * config object or a (possibly async) function returning it.
 */
export async function loadConfig(path: string): Promise<Definition> {
  const file = resolve(path);
  const ext = extname(file);
  let raw: unknown;
  if (ext === '.json') {
    const text = await readFile(file, 'utf8');
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DefinitionError([{ path: '(file)', message: `invalid JSON: ${(error as Error).message}` }], file);
    }
  } else if (ext === '.js' || ext === '.mjs') {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    raw = typeof mod.default === 'function' ? await (mod.default as () => unknown)() : mod.default;
    if (raw === undefined) throw new DefinitionError([{ path: '(file)', message: 'expected a default export' }], file);
  } else {
    throw new DefinitionError(
      [{ path: '(file)', message: `expected a .json, .js or .mjs file, got "${ext || 'no extension'}"` }],
      file,
    );
  }
  return parseConfig(raw, file);
}
