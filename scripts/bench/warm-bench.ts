import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect, type Database } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { type BenchTenant, createBenchTenant, runBatch } from "./engine";

/**
 * Runs `measure` against a fresh embedded PostgreSQL with a benchmark tenant, warmed as a server
 * that has been up a while (200 runs driven first, see measureEngine), then removes it.
 */
export async function withWarmBench<T>(
  measure: (database: Database, url: string, tenant: BenchTenant) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-workload-"));
  const embedded = await startEmbeddedPostgres(dir);
  try {
    await runMigrations(embedded.url);
    const database = connect(embedded.url, { max: 10 });
    try {
      const tenant = await createBenchTenant(database);
      await runBatch(database, tenant, 10, 200, 10, []);
      await database.sql`analyze`;
      return await measure(database, embedded.url, tenant);
    } finally {
      await database.close();
    }
  } finally {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
