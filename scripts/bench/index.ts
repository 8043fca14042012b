import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { initialise } from "@/lib/bootstrap/initialise";
import { utcToday } from "@/lib/day";
import { env, resetEnvCache } from "@/lib/env";
import { chaosSection } from "../chaos/report";
import { measureContext } from "./context";
import { benchContextOnly } from "./context-only";
import { createBenchTenant, measureEngine } from "./engine";
import { gateSummary, measureGate } from "./gate";
import { measureIngest } from "./ingest";
import { previousScaleSection, renderReport } from "./report";
import { measureScale, type ScaleFigures } from "./scale";
import { measureRunPage } from "./scale-page";
import { measureStartup } from "./startup";
import { workloadSection } from "./workload-report";

// `npm run bench`: measures, then rewrites docs/benchmarks.md with the figures and how they were made.
// `npm run bench -- --scale N` adds the dashboards at scale (N seeded runs; minutes, so opt-in).
// `npm run bench -- --only context` runs the long-context drill alone (its section only).
const { values: args } = parseArgs({ options: { scale: { type: "string" }, only: { type: "string" } } });
if (args.only !== undefined) {
  if (args.only !== "context") {
    console.error("Usage: npm run bench [-- --scale N | --only context]");
    process.exit(2);
  }
  await benchContextOnly();
  process.exit(0);
}
const scaleRuns = args.scale === undefined ? null : Number.parseInt(args.scale, 10);
if (scaleRuns !== null && !(Number.isInteger(scaleRuns) && scaleRuns > 0)) {
  console.error("Usage: npm run bench [-- --scale N]");
  process.exit(2);
}
const startup = await measureStartup();

// The engine runs on a fresh embedded PostgreSQL, the default every user gets.
const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-db-"));
const embedded = await startEmbeddedPostgres(dir);
await runMigrations(embedded.url);
// The same pool size as the app.
const database = connect(embedded.url, { max: 10 });
const engine = await measureEngine(database);
// Measured after the engine, so its figures are the engine's alone.
const ingest = await measureIngest(database);
console.log(`OTLP ingest: ${ingest.spansPerSecond.toFixed(0)} spans/s`);
// The gate's decisions at 50 callers, after the ingest on the same database.
const gate = await measureGate(database);
console.log(gateSummary(gate));
// The long-context drill: 300 turns of 20 KB results on a small window, on its own tenant.
const context = await measureContext(database, await createBenchTenant(database));
console.log(
  `long context: ${context.status} in ${context.seconds.toFixed(1)} s, at most ${context.maxSentTokens} tokens sent`,
);
await database.close();
await embedded.stop();
await rm(dir, { recursive: true, force: true });

let scale: ScaleFigures | null = null;
if (scaleRuns !== null) {
  const scaleDir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-scale-"));
  const scaleDb = await startEmbeddedPostgres(scaleDir);
  try {
    await runMigrations(scaleDb.url);
    const password = "bench-demo-password";
    process.env.FLIGHTDECK_DEMO_PASSWORD = password;
    resetEnvCache();
    const db = connect(scaleDb.url, { max: 10 });
    await initialise(db.db, env());
    scale = await measureScale(db, { runs: scaleRuns, repetitions: 30 });
    await db.close();
    scale.runPage = await measureRunPage({
      databaseUrl: scaleDb.url,
      tenantId: scale.load.tenantId,
      runId: scale.bigTrace.runId,
      password,
    });
    console.log(
      `run page: first paint p50 ${scale.runPage.p50Ms.toFixed(0)} ms, max ${scale.runPage.maxMs.toFixed(0)} ms; ` +
        `whole trace p50 ${scale.runPage.completeP50Ms.toFixed(0)} ms, max ${scale.runPage.completeMaxMs.toFixed(0)} ms`,
    );
  } finally {
    await scaleDb.stop();
    await rm(scaleDir, { recursive: true, force: true });
  }
}

const cpus = os.cpus();
const machine = `${cpus.length} cores (${cpus[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
// The chaos drill's section (`npm run chaos`) and the workload's (`npm run bench:workload`) are
// their own and are kept as they were.
const previous = await readFile("docs/benchmarks.md", "utf8").catch(() => "");
const kept = [workloadSection(previous), chaosSection(previous)].filter((s): s is string => s !== null);
const keptSections = kept.length > 0 ? kept.join("\n") : null;
const report = renderReport({
  date: utcToday(),
  machine,
  startup,
  engine,
  ingest,
  gate,
  context,
  scale,
  scaleCommand: `npm run bench -- --scale ${scaleRuns}`,
  previousScale:
    scaleRuns === null
      ? previousScaleSection(kept.reduce((rest, section) => rest.replace(section, ""), previous))
      : null,
});
await writeFile("docs/benchmarks.md", keptSections ? `${report.trimEnd()}\n\n${keptSections}` : report);
console.log(report);
