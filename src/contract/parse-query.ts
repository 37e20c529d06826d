/**
 * Query string → typed parameters: `parseQuery` runs one endpoint's schema
 * over a URLSearchParams and names every bad, repeated or unknown parameter,
 * the `errors` of a 400 problem.
 */

/** One bad parameter, as reported in a problem's `errors`. */
export interface ParamError {
  param: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ParamError[] };

interface QuerySchema<T> {
  safeParse(input: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: readonly { path: PropertyKey[]; message: string; code: string; keys?: string[] }[] };
      };
}

/**
 * Parse a query string with one of the schemas above. Repeated parameters
 * and unknown parameters are errors, each named; nothing is silently ignored.
 *
 * @example
 * const r = parseQuery(StatsParams, new URL(req.url).searchParams);
 * if (!r.ok) return problem(400, r.errors);
 */
export function parseQuery<T>(schema: QuerySchema<T>, query: URLSearchParams): ParseResult<T> {
  const raw: Record<string, string> = {};
  const errors: ParamError[] = [];
  for (const [key, value] of query) {
    if (Object.hasOwn(raw, key)) {
      if (!errors.some((e) => e.param === key)) errors.push({ param: key, message: 'given more than once' });
      continue;
    }
    // No schema has it, and zod skips it in its unknown-key check (assigning it would set the prototype).
    if (key === '__proto__') {
      errors.push({ param: key, message: 'unknown parameter' });
      continue;
    }
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys' && issue.keys) {
        for (const key of issue.keys) errors.push({ param: key, message: 'unknown parameter' });
        continue;
      }
      const param = String(issue.path[0] ?? '(query)');
      if (!errors.some((e) => e.param === param)) errors.push({ param, message: issue.message });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: (result as { data: T }).data };
}
