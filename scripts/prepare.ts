import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { EmbeddedStartError } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { type ResolvedDatabase, resolveDatabase } from "@/db/resolve";
import { env, resetEnvCache } from "@/lib/env";

/**
 * Shared start-up for the server and the scripts: validates the configuration, resolves the
 * database (starting the embedded one if needed), exposes it as DATABASE_URL and migrates it.
 */
export async function prepare(): Promise<ResolvedDatabase> {
  const config = env();
  const resolved = await resolveDatabase(config).catch((error: unknown) => {
    // A problem the person can fix is told in its own words, not as a stack trace.
    if (!(error instanceof EmbeddedStartError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  });
  process.env.DATABASE_URL = resolved.url;
  if (!config.NEXTAUTH_SECRET)
    process.env.NEXTAUTH_SECRET = await persistentSecret(config.FLIGHTDECK_DATA_DIR);
  resetEnvCache();
  await runMigrations(resolved.url);
  return resolved;
}

// Without NEXTAUTH_SECRET, one is made once and kept in the data folder so sessions survive restarts.
async function persistentSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, "auth-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    await mkdir(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
