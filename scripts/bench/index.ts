import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { measureEngine } from "./engine";
import { renderReport } from "./report";
import { measureStartup } from "./startup";

// `npm run bench`: measures, then rewrites docs/benchmarks.md with the figures and how they were made.
const startup = await measureStartup();

// The engine runs on a fresh embedded PostgreSQL, the default every user gets.
const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-db-"));
const embedded = await startEmbeddedPostgres(dir);
await runMigrations(embedded.url);
// The same pool size as the app.
const database = connect(embedded.url, { max: 10 });
const engine = await measureEngine(database);
await database.close();
await embedded.stop();
await rm(dir, { recursive: true, force: true });

const cpus = os.cpus();
const machine = `${cpus.length} cores (${cpus[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = renderReport({ date: new Date().toISOString().slice(0, 10), machine, startup, engine });
await writeFile("docs/benchmarks.md", report);
console.log(report);
