import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { env } from "@/lib/env";
import { registerCommitPool } from "./commit-pool";
import { openPostgres } from "./open-postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A transaction handle: every query function accepts either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = { db: Db; sql: postgres.Sql; close: () => Promise<void> };

/**
 * Seconds before a connection retries after its server went away. The driver's default grows to
 * ~20 s, which kept workers idle long after PostgreSQL was back; this stays within a second.
 */
export const reconnectDelaySeconds = (retries: number): number =>
  Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);

/**
 * Group commits get connections of their own, as many as batches may be in flight: a step's commit
 * never waits behind reads for a connection, and its statements keep to the same couple of
 * PostgreSQL backends, which answer sooner than backends taken in turn from the shared pool
 * (docs/benchmarks.md, "Commits through connections of their own").
 */
export const COMMIT_CONNECTIONS = 2;

export function connect(url: string, options: { max?: number } = {}): Database {
  const settings = { onnotice: () => {}, connect_timeout: 10, backoff: reconnectDelaySeconds };
  const sql = openPostgres(url, { ...settings, max: options.max ?? 10 });
  const commits = openPostgres(url, { ...settings, max: COMMIT_CONNECTIONS });
  // Drizzle sets its pool's type handling (JSON passed through as text, dates as strings): the
  // commit pool's statements are written for the same.
  drizzle(commits);
  registerCommitPool(sql, commits);
  return {
    db: drizzle(sql, { schema }),
    sql,
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), commits.end({ timeout: 5 })]);
    },
  };
}

const globalForDb = globalThis as unknown as { flightdeckDatabase?: Database };

/** The process-wide database, from DATABASE_URL (set by the start-up script when embedded). */
export function database(): Database {
  if (!globalForDb.flightdeckDatabase) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Flightdeck with `npm start`.");
    globalForDb.flightdeckDatabase = connect(url);
  }
  return globalForDb.flightdeckDatabase;
}

export const getDb = (): Db => database().db;
