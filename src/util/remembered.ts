/**
 * A process-wide cache for results that depend on a text alone: the same inputs recur when one
 * process does many runs (`npm run bench`, the tests). Emptied when it reaches `limit` entries, so a
 * process that meets ever new inputs does not grow without bound. A result that is a rejected
 * promise is forgotten, so the next call tries again.
 */
export function remembered<T>(limit: number): (key: string, compute: () => T) => T {
  const results = new Map<string, T>();
  return (key, compute) => {
    if (results.has(key)) return results.get(key)!;
    if (results.size >= limit) results.clear();
    const result = compute();
    results.set(key, result);
    if (result instanceof Promise) result.catch(() => results.delete(key));
    return result;
  };
}
