import { runMigrations } from "@/db/migrate";
import { openPostgres } from "@/db/open-postgres";

/** Test databases are only ever created, migrated and dropped under names that say so. */
export const TEST_PREFIX = "flightdeck_test_";

export function assertTestDatabaseName(name: string): void {
  if (!name.startsWith(TEST_PREFIX)) throw new Error(`Refusing to touch ${name}: not a test database.`);
}

export const withDatabase = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Creates and migrates the template every test file's database is cloned from. */
export async function createTemplate(serverUrl: string, runId: string): Promise<string> {
  const name = `${TEST_PREFIX}${runId}_template`;
  const admin = openPostgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, name));
  return name;
}

/** Drops every database of this run (template and clones). */
export async function dropRunDatabases(serverUrl: string, runId: string): Promise<void> {
  const admin = openPostgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${TEST_PREFIX}${runId}%`}`;
    for (const { datname } of rows) {
      assertTestDatabaseName(datname);
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
}
