import type { Db } from "./client";

/**
 * A query on the engine's hot path, prepared once per database handle (the app has one; tests
 * open several): PostgreSQL parses and plans it once per connection instead of on every call,
 * and drizzle builds its SQL once instead of on every call.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const byDb = new WeakMap<Db, Q>();
  return (db) => {
    let query = byDb.get(db);
    if (!query) {
      query = build(db);
      byDb.set(db, query);
    }
    return query;
  };
}
