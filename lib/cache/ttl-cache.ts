/**
 * A per-process cache of slowly changing settings (a tenant's flaky percent, whether it has a
 * budget): the hot path reads the database at most once per key and period. Concurrent callers
 * share the read in flight; a failed read is not kept, so the next call tries again.
 */
export type TtlCache<V> = {
  get: (key: string, load: () => Promise<V>) => Promise<V>;
  /** Drops a key, so this process sees a change it made at once. */
  forget: (key: string) => void;
};

export function createTtlCache<V>(options: { ttlMs: number; now?: () => number }): TtlCache<V> {
  const { ttlMs, now = () => Date.now() } = options;
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  return {
    get(key, load) {
      const at = now();
      const cached = entries.get(key);
      if (cached && cached.until > at) return cached.value;
      const value = load();
      entries.set(key, { value, until: at + ttlMs });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    forget: (key) => void entries.delete(key),
  };
}
