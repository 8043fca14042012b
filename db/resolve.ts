import { type EmbeddedDatabase, startEmbeddedPostgres } from "./embedded";

export type ResolvedDatabase = { url: string; embedded: EmbeddedDatabase | null };

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data folder. */
export async function resolveDatabase(config: { DATABASE_URL?: string; FLIGHTDECK_DATA_DIR: string }) {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null } satisfies ResolvedDatabase;
  const embedded = await startEmbeddedPostgres(config.FLIGHTDECK_DATA_DIR);
  return { url: embedded.url, embedded } satisfies ResolvedDatabase;
}
