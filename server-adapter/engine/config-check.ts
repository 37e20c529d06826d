/**
 * The rules a definition must pass beyond its shape — whether it came from a
 * config file (config.ts) or was written in code (`createEngine`) — and the
 * error that names every bad field.
 */
import { PIPELINE_ID } from '../../src/contract/index.js';
import { ID_RE } from './config-schema.js';
import { ADDITIVE, type AggregateSpec, type Definition, findMetric, type RatioMetric } from './metrics.js';

export interface ConfigIssue {
  path: string;
  message: string;
}

/** A definition or config that cannot be used; `issues` name each bad field. */
export class DefinitionError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], source?: string) {
    super(`${source ? `${source}: ` : ''}${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'DefinitionError';
    this.issues = issues;
  }
}

/**
 * The checks a definition written in code must pass too: unique ids,
 * aggregates that say what they aggregate, ratios over existing SQL metrics
 * that are both timed or both point-in-time, a usable segments metric.
 */
export function checkDefinition(definition: Definition, source?: string, metricPaths?: readonly string[]): void {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  definition.metrics.forEach((m, i) => {
    const at = metricPaths?.[i] ?? `metrics[${i}]`;
    if (!ID_RE.test(m.id))
      issues.push({ path: `${at}.id`, message: `"${m.id}" is not an id of lowercase letters, digits and _` });
    if (seen.has(m.id)) issues.push({ path: `${at}.id`, message: `duplicate id "${m.id}"` });
    seen.add(m.id);
    if (m.kind === 'sql' || m.kind === 'snapshot') checkAggregate(m, at, issues);
    if (m.kind === 'function' && typeof m.fn !== 'function')
      issues.push({ path: `${at}.fn`, message: 'expected a function' });
    if (m.kind === 'ratio') checkRatio(definition, m, at, issues);
  });
  const breakdownIds = new Set<string>();
  definition.breakdowns.forEach((b, i) => {
    if (breakdownIds.has(b.id)) issues.push({ path: `breakdowns[${i}].id`, message: `duplicate id "${b.id}"` });
    breakdownIds.add(b.id);
  });
  checkDimensions(definition, metricPaths, issues);
  const pipelineIds = new Set<string>();
  (definition.pipelines ?? []).forEach((p, i) => {
    if (!PIPELINE_ID.test(p.id))
      issues.push({
        path: `pipelines[${i}].id`,
        message: `"${p.id}" is not an id of lowercase letters, digits, _ and -`,
      });
    if (pipelineIds.has(p.id)) issues.push({ path: `pipelines[${i}].id`, message: `duplicate id "${p.id}"` });
    pipelineIds.add(p.id);
  });
  const kinds = new Set<string>();
  (definition.activity?.sources ?? []).forEach((s, i) => {
    if (kinds.has(s.kind)) issues.push({ path: `activity.sources[${i}].kind`, message: `duplicate kind "${s.kind}"` });
    kinds.add(s.kind);
  });
  const seg = definition.segments;
  if (seg) {
    const metric = findMetric(definition, seg.metric);
    const breakdown = definition.breakdowns.find((b) => b.id === seg.by);
    if (!metric || metric.kind !== 'sql' || !ADDITIVE.has(metric.aggregate)) {
      issues.push({
        path: 'segments.metric',
        message: `expected a sql metric with aggregate sum or count, got "${seg.metric}"`,
      });
    } else if (!breakdown) {
      issues.push({ path: 'segments.by', message: `unknown breakdown "${seg.by}"` });
    } else if (!metric.filterColumns?.[breakdown.dimension]) {
      issues.push({
        path: 'segments.metric',
        message: `metric "${seg.metric}" has no filterColumns.${breakdown.dimension} for breakdown "${seg.by}"`,
      });
    }
  }
  if (issues.length) throw new DefinitionError(issues, source);
}

/**
 * Dimensions: unique ids (`bucket` belongs to the aging report's own filter), at least one mapped table; a
 * function metric may only name dimensions that exist.
 */
function checkDimensions(definition: Definition, metricPaths: readonly string[] | undefined, issues: ConfigIssue[]) {
  const ids = new Set<string>();
  (definition.dimensions ?? []).forEach((d, i) => {
    const at = `dimensions[${i}]`;
    if (!ID_RE.test(d.id))
      issues.push({ path: `${at}.id`, message: `"${d.id}" is not an id of lowercase letters, digits and _` });
    else if (d.id === 'bucket')
      issues.push({ path: `${at}.id`, message: '"bucket" is reserved for the aging report\'s bucket filter' });
    if (ids.has(d.id)) issues.push({ path: `${at}.id`, message: `duplicate id "${d.id}"` });
    ids.add(d.id);
    if (Object.keys(d.columns).length === 0)
      issues.push({ path: `${at}.columns`, message: 'expected at least one table: column' });
  });
  definition.metrics.forEach((m, i) => {
    if (m.kind !== 'function') return;
    for (const d of m.dimensions ?? []) {
      if (!ids.has(d))
        issues.push({ path: `${metricPaths?.[i] ?? `metrics[${i}]`}.dimensions`, message: `unknown dimension "${d}"` });
    }
  });
}

function checkAggregate(spec: AggregateSpec, at: string, issues: ConfigIssue[]): void {
  if (spec.column !== undefined && spec.expression !== undefined)
    issues.push({ path: `${at}.expression`, message: 'give column or expression, not both' });
  if (spec.aggregate !== 'count' && spec.column === undefined && spec.expression === undefined) {
    issues.push({ path: `${at}.column`, message: `aggregate ${spec.aggregate} needs a column or an expression` });
  }
}

function checkRatio(definition: Definition, m: RatioMetric, at: string, issues: ConfigIssue[]): void {
  const timed: boolean[] = [];
  for (const side of ['numerator', 'denominator'] as const) {
    const part = m[side];
    if (typeof part === 'string') {
      const ref = findMetric(definition, part);
      if (!ref) issues.push({ path: `${at}.${side}`, message: `unknown metric "${part}"` });
      else if (ref.kind !== 'sql' && ref.kind !== 'snapshot')
        issues.push({
          path: `${at}.${side}`,
          message: `"${part}" is a ${ref.kind} metric; a ratio takes sql or snapshot metrics`,
        });
      else timed.push(ref.kind === 'sql');
    } else {
      checkAggregate(part, `${at}.${side}`, issues);
      timed.push('time' in part && part.time !== undefined);
    }
  }
  if (timed.length === 2 && timed[0] !== timed[1]) {
    issues.push({
      path: `${at}.denominator`,
      message: 'numerator and denominator must both be time-based or both point-in-time',
    });
  }
}
