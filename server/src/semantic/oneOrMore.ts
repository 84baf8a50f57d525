/**
 * A map from a key to the one value it holds, or to a Set of them from the second: the indexes of what
 * reused work read (analysis/readers.ts, semantic/carriedAnswers.ts) hold mostly keys read by one record,
 * and a one-value Set costs about 150 bytes that the value itself does not.
 */
export type OneOrMore<V> = V | Set<V>;

export function addTo<K, V extends object>(map: Map<K, OneOrMore<V>>, key: K, value: V): void {
  const known = map.get(key);
  if (known === undefined) map.set(key, value);
  else if (known instanceof Set) known.add(value);
  else if (known !== value) map.set(key, new Set([known, value]));
}

export function removeFrom<K, V extends object>(map: Map<K, OneOrMore<V>>, key: K, value: V): void {
  const known = map.get(key);
  if (known === undefined) return;
  if (known instanceof Set) {
    known.delete(value);
    if (!known.size) map.delete(key);
  } else if (known === value) map.delete(key);
}

/** Adds the values held under one key (`map.get(key)`) to `into`. */
export function addAll<V extends object>(into: Set<V>, values: OneOrMore<V> | undefined): void {
  if (values === undefined) return;
  if (values instanceof Set) for (const value of values) into.add(value);
  else into.add(values);
}
