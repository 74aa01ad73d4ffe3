/**
 * Puts `key` in a Map used as a bounded cache, as its newest entry (a key already there moves to
 * the end), and drops the oldest entries while there are more than `max`. Maps keep insertion
 * order, so the first key is always the oldest.
 */
export function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
  return value;
}
