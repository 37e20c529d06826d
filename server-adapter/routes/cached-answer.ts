/**
 * What a cached report answers, for `handle` and `peek` alike: the stored
 * body plus this response's `cache` object (no re-serialisation), its ETag,
 * Cache-Control with the seconds still fresh, and 304 when the client
 * already holds this very body.
 */
import { answerEtag, bodyHead, bodyTail } from '../cache/entry.js';
import type { CacheResult, StoredEntry } from '../cache/types.js';
import { type CachedAnswer, cacheControl, etagMatches, JSON_TYPE } from './respond.js';

/** One entry's last 200 answers (to GET and to HEAD), and what they were rendered for. */
interface Rendered {
  hit: boolean;
  ageSeconds: number;
  stale: boolean;
  refreshFailed: boolean;
  maxAge: number;
  bytes: Uint8Array<ArrayBuffer>;
  /** Shared by every hit it answers: never changed once made. */
  get: CachedAnswer;
  head: CachedAnswer;
}

/**
 * An `answerOf(result, nowMs, method, ifNoneMatch, ttlSeconds)` that keeps
 * each entry's last 200 answer: the body as UTF-8 and its headers. Hits
 * within the same second share both (only `ageSeconds` and `max-age` move,
 * once a second), so a hit costs neither encoding the body nor building
 * headers. Kept as long as its entry lives.
 */
export function createAnswerer(): (
  result: CacheResult,
  nowMs: number,
  method: string,
  ifNoneMatch: string | null,
  ttlSeconds: number,
) => CachedAnswer {
  const rendered = new WeakMap<StoredEntry, Rendered>();
  const encoder = new TextEncoder();

  /**
   * What a cached report answers: the stored body plus this response's
   * `cache` object (no re-serialisation), ETag, Cache-Control with the
   * seconds still fresh, and 304 when the client already holds this very
   * body. `handle` and `peek` both answer exactly this.
   */
  return function answerOf(
    result: CacheResult,
    nowMs: number,
    method: string,
    ifNoneMatch: string | null,
    ttlSeconds: number,
  ): CachedAnswer {
    const { entry, hit, ageSeconds, stale } = result;
    const refreshFailed = stale && result.error !== undefined;
    const remaining = Math.floor((entry.freshUntil - nowMs) / 1000);
    const maxAge = stale ? 0 : Math.max(0, Math.min(ttlSeconds, remaining));
    const etag = answerEtag(entry, result);
    if (etagMatches(ifNoneMatch, etag)) {
      return { status: 304, headers: { etag, 'cache-control': cacheControl(maxAge) }, body: null };
    }
    const kept = rendered.get(entry);
    // The body changes with `cache` (a second older, or stale); only `max-age` may move without it.
    const sameBody =
      kept !== undefined &&
      kept.hit === hit &&
      kept.ageSeconds === ageSeconds &&
      kept.stale === stale &&
      kept.refreshFailed === refreshFailed;
    let last = kept;
    if (!last || !sameBody || last.maxAge !== maxAge) {
      const bytes = sameBody ? last!.bytes : encoder.encode(bodyHead(entry) + bodyTail(result));
      const headers = {
        etag,
        'cache-control': cacheControl(maxAge),
        'content-type': JSON_TYPE,
        // Known up front, so node:http sends it instead of chunking, and HEAD reports it too.
        'content-length': String(bytes.byteLength),
      };
      last = {
        hit,
        ageSeconds,
        stale,
        refreshFailed,
        maxAge,
        bytes,
        get: { status: 200, headers, body: bytes },
        head: { status: 200, headers, body: null },
      };
      rendered.set(entry, last);
    }
    return method === 'HEAD' ? last.head : last.get;
  };
}
