/**
 * The committed JSON Schema and OpenAPI files (docs/schema/) are generated
 * from src/contract/. Regenerate in memory and fail when they drifted, so a
 * contract change cannot land without its published schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, OTHER_SCHEMAS } from '../../src/contract/index.js';
import { emitContract } from '../../scripts/emit-contract.js';

const DIR = new URL('../../docs/schema/', import.meta.url);
const FIX = 'run `npm run contract:emit` and commit docs/schema/';

/** The first JSON path at which two values differ, e.g. `paths./v1/stats.get.parameters[0]`. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return `${path}: committed ${JSON.stringify(a)?.slice(0, 120)}, generated ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const sub = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
    const diff = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], sub);
    if (diff) return diff;
  }
  return `${path}: differs`;
}

let generated: Map<string, string>;
beforeAll(async () => {
  generated = await emitContract();
});

describe('docs/schema', () => {
  it('holds exactly the generated files', () => {
    const committed = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(committed, FIX).toEqual([...generated.keys()].sort());
  });

  it('matches the generated content', () => {
    const stale: string[] = [];
    for (const [name, text] of generated) {
      let committed: unknown;
      try {
        committed = JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
      } catch {
        stale.push(`${name}: missing or not JSON`);
        continue;
      }
      // Compared as data, so a reformat of the committed files is not a failure.
      const diff = firstDifference(committed, JSON.parse(text));
      if (diff) stale.push(`${name} ${diff}`);
    }
    expect(stale, `docs/schema/ is stale; ${FIX}:\n  ${stale.join('\n  ')}`).toEqual([]);
  });
});

describe('emitted schemas', () => {
  it('has a draft 2020-12 schema per response and message', () => {
    const names = [
      ...Object.keys(ENDPOINTS).map((k) => `${k[0]?.toUpperCase()}${k.slice(1)}Response`),
      ...Object.keys(OTHER_SCHEMAS),
    ];
    for (const name of names) {
      const schema = JSON.parse(generated.get(`${name}.schema.json`) ?? 'null') as Record<string, unknown> | null;
      expect(schema, name).not.toBeNull();
      expect(schema?.['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema?.['type']).toBe('object');
    }
  });

  it('leaves response objects open to additions', () => {
    const stats = JSON.parse(generated.get('StatsResponse.schema.json') ?? '{}') as Record<string, unknown>;
    expect(JSON.stringify(stats)).not.toContain('"additionalProperties":false');
  });
});

describe('openapi.json', () => {
  let doc: {
    openapi: string;
    paths: Record<
      string,
      Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>
    >;
    components: { schemas: Record<string, unknown> };
  };
  beforeAll(() => {
    doc = JSON.parse(generated.get('openapi.json') ?? '{}') as typeof doc;
  });

  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('has every GET endpoint with its query parameters and responses', () => {
    for (const [key, def] of Object.entries(ENDPOINTS)) {
      const op = doc.paths[`/${def.path}`]?.['get'];
      expect(op, def.path).toBeDefined();
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '304', '400', '404', '503']));
      expect(doc.components.schemas, key).toHaveProperty(`${key[0]?.toUpperCase()}${key.slice(1)}Response`);
    }
    const stats = doc.paths['/v1/stats']?.['get']?.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
    expect(stats).toEqual(['metrics', 'range', 'from', 'to', 'compare', 'locale', 'calendar', 'week-start', 'filter']);
    const invoices = doc.paths['/v1/aging/customers/{id}/invoices']?.['get']?.parameters ?? [];
    expect(invoices).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
  });

  it('has the invalidate webhook, the event stream and CSV export', () => {
    expect(doc.paths['/v1/invalidate']?.['post']).toMatchObject({ security: [{ invalidateSecret: [] }] });
    expect(doc.paths['/v1/events']?.['get']?.responses['200']).toMatchObject({ content: { 'text/event-stream': {} } });
    expect(doc.paths['/v1/export/{report}.csv']?.['get']?.responses['200']).toMatchObject({
      content: { 'text/csv': {} },
    });
  });

  it('references only schemas it defines', () => {
    const refs = [
      ...(generated.get('openapi.json') ?? '').matchAll(/"\$ref":\s*"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name as string);
  });
});
