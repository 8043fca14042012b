import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { utcToday } from "@/lib/day";
import { CONTEXT_HEADING, contextSection, measureContext } from "./context";
import { createBenchTenant } from "./engine";

/**
 * `npm run bench -- --only context`: the long-context drill alone, on a fresh embedded PostgreSQL;
 * its section of docs/benchmarks.md is replaced and the rest of the file kept.
 */
export async function benchContextOnly(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-db-"));
  const embedded = await startEmbeddedPostgres(dir);
  try {
    await runMigrations(embedded.url);
    const database = connect(embedded.url, { max: 10 });
    const section = contextSection(
      await measureContext(database, await createBenchTenant(database)),
      utcToday(),
    );
    await database.close();
    const previous = await readFile("docs/benchmarks.md", "utf8");
    const start = previous.indexOf(CONTEXT_HEADING);
    if (start < 0)
      throw new Error(`docs/benchmarks.md has no "${CONTEXT_HEADING}" section: run npm run bench once.`);
    const next = previous.indexOf("\n## ", start + CONTEXT_HEADING.length);
    const end = next < 0 ? previous.length : next + 1;
    await writeFile("docs/benchmarks.md", `${previous.slice(0, start)}${section}\n\n${previous.slice(end)}`);
    console.log(section);
  } finally {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
