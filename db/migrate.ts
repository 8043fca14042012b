import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { openPostgres } from "./open-postgres";

// Any fixed number: it only has to be the same in every Flightdeck process.
const MIGRATION_LOCK = 4_181_642_001;

/**
 * Applies pending migrations. A single connection holds a session advisory lock meanwhile, so
 * processes starting together migrate one after the other.
 */
export async function runMigrations(url: string): Promise<void> {
  const sql = openPostgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder: path.resolve(process.cwd(), "db/migrations") });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
