/**
 * The two caches the widgets keep: values made once per key (`Intl` formatters, which cost far more to make
 * than to call), and promises shared by every caller until they fail (`v1/meta`, a token, a catalog).
 */

/** Bounds a cache: a page cycling through many locales must not grow it forever. */
export const MAX_ENTRIES = 200;

/** The value of `key` in `cache`, made by `make` the first time; a full cache starts over. */
export function memo<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, (value = make()));
  }
  return value;
}

/** Like {@link memo} for a promise, forgotten if it rejects: the next ask (a widget's Retry) tries again. */
export function memoPromise<K, V>(cache: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  return memo(cache, key, () => {
    const made = make();
    made.catch(() => cache.get(key) === made && cache.delete(key));
    return made;
  });
}
