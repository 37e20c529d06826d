/**
 * A cached report's entry and its keys: the body serialised once (JSON
 * without its closing brace) with its ETag, the bytes each answer of it
 * sends (its `cache` block appended), and the cache key of a request.
 */
import { createHash } from 'node:crypto';
import { scopeKey, type Scope } from '../auth/scope.js';
import type { CachePolicy, CacheResult, StoredEntry } from './types.js';

/**
 * Keys longer than this are hashed: Redis and the memory index hold them per
 * entry, and a `search` parameter or many metrics would otherwise make them
 * arbitrarily long.
 */
export const MAX_KEY_LENGTH = 200;

/** Serialises a computed body once: the JSON text without its closing brace, plus its ETag and lifetimes. */
export function createEntry(body: object, policy: CachePolicy, createdAt: number): StoredEntry {
  if (Object.hasOwn(body, 'cache')) throw new TypeError('ReportCache: compute must return the body without `cache`');
  const json = JSON.stringify(body);
  if (json === undefined || !json.startsWith('{'))
    throw new TypeError('ReportCache: compute must return a JSON object');
  const text = json.slice(0, -1);
  const freshUntil = createdAt + policy.ttlSeconds * 1000;
  return {
    body: text,
    etag: etagOf(text),
    createdAt,
    freshUntil,
    staleUntil: freshUntil + policy.staleSeconds * 1000,
    tags: [...policy.tags],
  };
}

/** The `cache` fields of a response. */
export type CacheInfoOf = Pick<CacheResult, 'hit' | 'ageSeconds' | 'stale' | 'error'>;

/** The response body: the stored text with the `cache` block appended. */
export function renderBody(entry: StoredEntry, info: CacheInfoOf): string {
  return bodyHead(entry) + bodyTail(info);
}

/** What every response of `entry` starts with: its body and the separator before `"cache"`. */
export function bodyHead(entry: StoredEntry): string {
  return entry.body === '{' ? '{' : `${entry.body},`;
}

/**
 * What a response of an entry ends with: its `cache` member and the closing brace (ASCII). `refreshFailed` tells
 * a stale answer served because the last refresh failed (the source is down) from a normal stale-while-revalidate
 * answer, whose refresh is running in the background.
 */
export function bodyTail(info: CacheInfoOf): string {
  const failed = info.stale && info.error !== undefined;
  return `"cache":{"hit":${info.hit},"ageSeconds":${info.ageSeconds},"stale":${info.stale},"refreshFailed":${failed}}}`;
}

/**
 * The ETag of one answer of `entry`: its own for a fresh answer, and a distinct one for a stale answer (`-stale`)
 * and for one whose refresh failed (`-failed`). The body differs by its `cache` block; a client holding the stale
 * answer must get the refreshed one in full (a 304 would hand it back its stale copy, marked stale).
 */
export function answerEtag(entry: StoredEntry, info: Pick<CacheResult, 'stale' | 'error'>): string {
  if (!info.stale) return entry.etag;
  return `${entry.etag.slice(0, -1)}-${info.error !== undefined ? 'failed' : 'stale'}"`;
}

/** A quoted strong ETag of `body`: 128 bits of SHA-1, enough to never collide between two versions of a report. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * The cache key of a request: endpoint, parameters normalised (keys sorted,
 * `undefined` dropped, arrays in order) and the caller's scope, so equal
 * requests share an entry and different scopes never do.
 *
 * @example
 * cacheKey('stats', { metrics: ['revenue'], range: 'last_30_days' }, scope)
 * // 'stats?{"metrics":["revenue"],"range":"last_30_days"}#|'
 */
export function cacheKey(endpoint: string, params: object, scope: Scope): string {
  return scopedCacheKey(endpoint, paramsKey(endpoint, params), scopeKey(scope));
}

/** The part of `cacheKey` that depends on the request alone, not on who asks: computed once per distinct URL by the node fast path. */
export function paramsKey(endpoint: string, params: object): string {
  return `${endpoint}?${stableJson(params)}#`;
}

/** `cacheKey` from its two parts: `paramsKey(endpoint, params)` and `scopeKey(scope)`. */
export function scopedCacheKey(endpoint: string, prefix: string, scope: string): string {
  const key = prefix + scope;
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${endpoint}#${createHash('sha1').update(key).digest('base64url')}`;
}

/** JSON with object keys sorted and `undefined` members dropped, so equal values give equal text. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    return JSON.stringify(value) ?? 'null';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return stableJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const members = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${members.join(',')}}`;
}
