import type postgres from "postgres";

const commitPools = new WeakMap<postgres.Sql, postgres.Sql>();

/** Registers `commits` as the pool the engine's step commits use beside `sql` (see `connect`). */
export function registerCommitPool(sql: postgres.Sql, commits: postgres.Sql): void {
  commitPools.set(sql, commits);
}

/** The pool step commits go through: the one registered beside `sql`, else `sql` itself. */
export function commitPoolOf(sql: postgres.Sql): postgres.Sql {
  return commitPools.get(sql) ?? sql;
}
