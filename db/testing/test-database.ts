import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { connect, type Database } from "@/db/client";
import { openPostgres } from "@/db/open-postgres";
import { resetEnvCache } from "@/lib/env";
import { assertTestDatabaseName, withDatabase } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { serverUrl: string; template: string; runId: string };
  }
}

/**
 * A fresh, migrated database for one test file, also made the process-wide DATABASE_URL so code
 * that calls getDb() (route handlers) uses it. Dropped with the run.
 */
export async function createTestDatabase(): Promise<Database & { url: string }> {
  const { serverUrl, template, runId } = inject("testDatabase");
  const name = `flightdeck_test_${runId}_${randomBytes(4).toString("hex")}`;
  assertTestDatabaseName(name);
  const admin = openPostgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  process.env.DATABASE_URL = url;
  resetEnvCache();
  const database = connect(url, { max: 5 });
  (globalThis as { flightdeckDatabase?: Database }).flightdeckDatabase = database;
  afterAll(async () => {
    (globalThis as { flightdeckDatabase?: Database }).flightdeckDatabase = undefined;
    await database.close();
  });
  return { ...database, url };
}
