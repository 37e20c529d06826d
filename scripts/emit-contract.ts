/**
 * Emit the contract's JSON Schema files and OpenAPI 3.1 document from the zod
 * schemas in src/contract/, the one source of truth.
 *
 *   tsx scripts/emit-contract.ts dist/contract   (the build)
 *   tsx scripts/emit-contract.ts docs/schema     (npm run contract:emit, committed)
 *
 * tests/contract/schema.test.ts regenerates in memory and fails when
 * docs/schema/ is stale, so a contract change cannot land without them.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import * as z from 'zod/mini';
import * as contract from '../src/contract/index.js';
import { CONTRACT_VERSION, ENDPOINTS, EXPORT_REPORTS, OTHER_SCHEMAS } from '../src/contract/index.js';

type JsonSchema = Record<string, unknown>;

/**
 * `io: 'input'` describes what a client may send or receive before zod's
 * transforms, and leaves response objects open (no `additionalProperties:
 * false`): the contract welcomes additions. Refinements that JSON Schema
 * cannot say (calendar-valid dates, period rules) become no constraint.
 */
/**
 * The contract's dates and instants are checked by a pattern (zod's own ISO patterns, without the ISO schema
 * classes the widgets' bundle would carry); the JSON Schema says their `format` too, as it did.
 */
const FORMATS = new Map<unknown, string>([
  [contract.IsoDate, 'date'],
  [contract.Timestamp, 'date-time'],
]);

const TO_JSON = {
  io: 'input',
  unrepresentable: 'any',
  override: (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => {
    const format = FORMATS.get(ctx.zodSchema);
    if (format) ctx.jsonSchema['format'] = format;
  },
} as const;

const SCHEMA_ID_BASE = 'https://dashkit.dev/schema/v1/';

/** `agingInvoices` → `AgingInvoicesResponse`, the exported name of its response schema. */
function responseName(endpoint: string): string {
  return `${endpoint[0]?.toUpperCase()}${endpoint.slice(1)}Response`;
}

function isSchema(value: unknown): value is z.ZodMiniType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** Standalone JSON Schema (2020-12) documents, one per response and message, each self-contained. */
export function jsonSchemas(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const add = (name: string, schema: z.ZodMiniType, description: string) => {
    const { $schema, ...rest } = z.toJSONSchema(schema, TO_JSON) as JsonSchema;
    out[name] = { $schema, $id: `${SCHEMA_ID_BASE}${name}.schema.json`, title: name, description, ...rest };
  };
  for (const [key, def] of Object.entries(ENDPOINTS)) {
    add(responseName(key), def.response, `Response of GET {base}/${def.path}: ${def.summary}.`);
  }
  const messages: Record<keyof typeof OTHER_SCHEMAS, string> = {
    Problem: 'RFC 9457 problem details (application/problem+json) for every error response.',
    InvalidateRequest: 'Body of POST {base}/v1/invalidate.',
    InvalidateResponse: 'Response (202) of POST {base}/v1/invalidate.',
    InvalidateEvent: 'Data of the `invalidate` Server-Sent Event on GET {base}/v1/events.',
    PipelineRunRequest: 'Body of POST {base}/v1/status/pipelines/{id}: a data pipeline reports a run.',
    Pipeline: 'Response (200) of POST {base}/v1/status/pipelines/{id}: the pipeline as v1/status shows it now.',
    Board: 'A board: response of GET {base}/v1/boards/{id}, and body of POST {base}/v1/render.{pdf|png|svg|html}.',
    BoardsResponse: 'Response of GET {base}/v1/boards: the boards the server names in config.',
  };
  for (const [name, schema] of Object.entries(OTHER_SCHEMAS))
    add(name, schema, messages[name as keyof typeof OTHER_SCHEMAS]);
  return out;
}

/**
 * Every named schema the contract exports (except request parameters), as
 * OpenAPI components that reference each other by name, so generated
 * clients get `Period`, `Stat`… rather than anonymous shapes.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of Object.entries(contract)) {
    if (/^[A-Z]/.test(name) && !name.endsWith('Params') && isSchema(value)) registry.add(value, { id: name });
  }
  const { schemas } = z.toJSONSchema(registry, { ...TO_JSON, uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, JsonSchema> = {};
  for (const name of Object.keys(schemas).sort()) {
    // The document declares the dialect once; a fragment-only $id is not valid 2020-12.
    const { $schema: _dialect, $id: _id, ...rest } = schemas[name] as JsonSchema;
    out[name] = rest;
  }
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/** Query parameters of a GET endpoint, from its param schema (strings, as they travel). */
function queryParameters(params: z.ZodMiniType): unknown[] {
  const schema = z.toJSONSchema(params, TO_JSON) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function pathParameters(path: string): unknown[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

/** The OpenAPI 3.1 document for contract v1. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(ENDPOINTS)) {
    paths[`/${def.path}`] = {
      get: {
        operationId: key,
        summary: def.summary,
        parameters: [
          ...pathParameters(def.path),
          ...queryParameters(def.params),
          { $ref: '#/components/parameters/IfNoneMatch' },
        ],
        security: [{}, { jwt: [] }],
        responses: {
          200: {
            description: def.summary,
            headers: {
              ETag: { $ref: '#/components/headers/ETag' },
              'Cache-Control': { $ref: '#/components/headers/CacheControl' },
            },
            content: { 'application/json': { schema: ref(responseName(key)) } },
          },
          304: { $ref: '#/components/responses/NotModified' },
          400: { $ref: '#/components/responses/BadRequest' },
          401: { $ref: '#/components/responses/Unauthorized' },
          403: { $ref: '#/components/responses/Forbidden' },
          404: { $ref: '#/components/responses/NotFound' },
          503: { $ref: '#/components/responses/Unavailable' },
        },
      },
    };
  }
  paths['/v1/export/{report}.csv'] = {
    get: {
      operationId: 'exportCsv',
      summary: 'A report as CSV (RFC 4180, formula-injection safe)',
      description: 'Takes the query parameters of the matching JSON report and streams the same rows.',
      parameters: [
        { name: 'report', in: 'path', required: true, schema: { type: 'string', enum: [...EXPORT_REPORTS] } },
      ],
      security: [{}, { jwt: [] }],
      responses: {
        200: {
          description: 'The report as CSV with a header row',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        400: { $ref: '#/components/responses/BadRequest' },
        401: { $ref: '#/components/responses/Unauthorized' },
        403: { $ref: '#/components/responses/Forbidden' },
        404: { $ref: '#/components/responses/NotFound' },
        503: { $ref: '#/components/responses/Unavailable' },
      },
    },
  };
  paths['/v1/invalidate'] = {
    post: {
      operationId: 'invalidate',
      summary: 'Drop cached data behind the given topics and notify connected widgets',
      security: [{ invalidateSecret: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: ref('InvalidateRequest') } } },
      responses: {
        202: { description: 'Accepted', content: { 'application/json': { schema: ref('InvalidateResponse') } } },
        400: { $ref: '#/components/responses/BadRequest' },
        401: { $ref: '#/components/responses/Unauthorized' },
      },
    },
  };
  paths['/v1/status/pipelines/{id}'] = {
    post: {
      operationId: 'reportPipelineRun',
      summary: 'A data pipeline (ETL job, sync) reports a run; v1/status shows it on every instance',
      security: [{ invalidateSecret: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: ref('PipelineRunRequest') } } },
      responses: {
        200: {
          description: 'The pipeline as v1/status shows it now',
          content: { 'application/json': { schema: ref('Pipeline') } },
        },
        400: { $ref: '#/components/responses/BadRequest' },
        401: { $ref: '#/components/responses/Unauthorized' },
        404: { $ref: '#/components/responses/NotFound' },
        503: { $ref: '#/components/responses/Unavailable' },
      },
    },
  };
  const renderParameters = [
    ...queryParameters(contract.RenderParams),
    { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: [...contract.RENDER_FORMATS] } },
  ];
  const rendered = {
    200: {
      description: 'The board rendered: a vector PDF, a PNG at 2x, an SVG, or a self-contained HTML page',
      content: {
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/svg+xml': { schema: { type: 'string' } },
        'text/html': { schema: { type: 'string' } },
      },
    },
    400: { $ref: '#/components/responses/BadRequest' },
    401: { $ref: '#/components/responses/Unauthorized' },
    403: { $ref: '#/components/responses/Forbidden' },
    404: { $ref: '#/components/responses/NotFound' },
    503: { $ref: '#/components/responses/Unavailable' },
  };
  paths['/v1/boards'] = {
    get: {
      operationId: 'boards',
      summary: 'The boards named in the server config',
      security: [{}, { jwt: [] }],
      responses: {
        200: { description: 'The boards', content: { 'application/json': { schema: ref('BoardsResponse') } } },
        401: { $ref: '#/components/responses/Unauthorized' },
      },
    },
  };
  paths['/v1/boards/{id}'] = {
    get: {
      operationId: 'board',
      summary: 'One named board',
      security: [{}, { jwt: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: { description: 'The board', content: { 'application/json': { schema: ref('Board') } } },
        401: { $ref: '#/components/responses/Unauthorized' },
        404: { $ref: '#/components/responses/NotFound' },
      },
    },
  };
  paths['/v1/boards/{id}/render.{format}'] = {
    get: {
      operationId: 'renderBoard',
      summary: 'A named board rendered on the server with the period, filter, locale, currency, theme and paper given',
      security: [{}, { jwt: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...renderParameters],
      responses: rendered,
    },
  };
  paths['/v1/render.{format}'] = {
    post: {
      operationId: 'renderAdHocBoard',
      summary: 'A board sent in the body rendered on the server (what the export menu of <dash-board> sends)',
      security: [{}, { jwt: [] }],
      parameters: renderParameters,
      requestBody: { required: true, content: { 'application/json': { schema: ref('Board') } } },
      responses: rendered,
    },
  };
  paths['/v1/events'] = {
    get: {
      operationId: 'events',
      summary: 'Server-Sent Events: `invalidate` when data behind metrics changed, plus heartbeats',
      security: [{}, { jwt: [] }],
      responses: {
        200: {
          description:
            'An event stream. Each `event: invalidate` carries an InvalidateEvent as JSON `data`; comment lines are heartbeats.',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
          'x-dashkit-events': { invalidate: ref('InvalidateEvent') },
        },
        401: { $ref: '#/components/responses/Unauthorized' },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'dashkit contract',
      version: CONTRACT_VERSION,
      description:
        'The JSON every dashkit backend serves under `{base}/v1/...` and every widget reads. Generated from src/contract/ by scripts/emit-contract.ts; do not edit.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [
      {
        url: '{base}',
        variables: {
          base: {
            default: 'http://127.0.0.1:8080',
            description: 'Where the host mounts dashkit, e.g. https://example.com/dashboard/api',
          },
        },
      },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      parameters: {
        IfNoneMatch: {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description: 'An ETag from an earlier response; a match is answered 304.',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: { description: 'Validator for If-None-Match', schema: { type: 'string' } },
        CacheControl: { description: 'How long the response may be reused', schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
      },
      responses: {
        NotModified: { description: 'Not Modified: the If-None-Match ETag still matches' },
        BadRequest: problem('A bad parameter; `errors` names each one'),
        Unauthorized: problem('Missing or invalid bearer token', {
          'WWW-Authenticate': { schema: { type: 'string' } },
        }),
        Forbidden: problem('The token is valid but its scope does not allow this'),
        NotFound: problem('No such report, customer or metric'),
        Unavailable: problem('The data source is unreachable and no stale copy exists', {
          'Retry-After': { $ref: '#/components/headers/RetryAfter' },
        }),
      },
      securitySchemes: {
        jwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Optional: when the server verifies JWTs, the scope narrows every query.',
        },
        invalidateSecret: { type: 'http', scheme: 'bearer', description: "The server's invalidate secret." },
      },
    },
  };
}

/**
 * Every emitted file: name → JSON text, formatted by Prettier with the
 * repository's settings so that `prettier --check` passes on docs/schema/.
 */
export async function emitContract(): Promise<Map<string, string>> {
  const options = (await resolveConfig(fileURLToPath(new URL('../docs/schema/openapi.json', import.meta.url)))) ?? {};
  const text = (value: unknown) => format(JSON.stringify(value), { ...options, parser: 'json' });
  const files = new Map<string, string>();
  for (const [name, schema] of Object.entries(jsonSchemas())) files.set(`${name}.schema.json`, await text(schema));
  files.set('openapi.json', await text(openApiDocument()));
  return files;
}

/** Write the files into `dir`, removing JSON files there that are no longer emitted. */
export async function writeContract(dir: string): Promise<string[]> {
  const files = await emitContract();
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) {
    if (old.endsWith('.json') && !files.has(old)) rmSync(join(dir, old));
  }
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  return [...files.keys()];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    process.stderr.write('usage: tsx scripts/emit-contract.ts <out-dir>...\n');
    process.exit(2);
  }
  for (const dir of dirs) {
    const names = await writeContract(dir);
    process.stdout.write(`emit-contract: ${names.length} files in ${dir}\n`);
  }
}
