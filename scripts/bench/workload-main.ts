import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { utcToday } from "@/lib/day";
import { createBenchTenant, runBatch } from "./engine";
import { measureWorkload } from "./workload";
import { writeWorkloadSection } from "./workload-report";

// `npm run bench:workload`: issue #25's workload beside a bare insert loop, the cost of starting a
// run and the bytes per task step; rewrites its own section of docs/benchmarks.md.
const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-workload-"));
const embedded = await startEmbeddedPostgres(dir);
try {
  await runMigrations(embedded.url);
  const database = connect(embedded.url, { max: 10 });
  const tenant = await createBenchTenant(database);
  // Warm, as a server that has been up a while (see measureEngine).
  await runBatch(database, tenant, 10, 200, 10, []);
  await database.sql`analyze`;
  const figures = await measureWorkload(database, embedded.url, tenant);
  await database.close();
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  const section = await writeWorkloadSection(figures, {
    date: utcToday(),
    command: "npm run bench:workload",
    commit,
  });
  console.log(section);
} finally {
  await embedded.stop();
  await rm(dir, { recursive: true, force: true });
}
