import { parseArgs } from "node:util";
import { type ChaosOptions, type ChaosReport, runChaos } from "./drill";
import { invariantsHold } from "./invariants";
import { writeChaosSection } from "./report";
import { webIsBuilt } from "./web";

// `npm run chaos`: the full drill (1,000 runs, 30+ faults), its figures written to docs/benchmarks.md.
// `npm run chaos -- --runs 60 --faults 4 --no-write` is a quick look. The web process takes part
// when the app is built (`--no-web` leaves it out).
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1000" },
    workers: { type: "string", default: "4" },
    faults: { type: "string", default: "32" },
    "no-write": { type: "boolean", default: false },
    "no-web": { type: "boolean", default: false },
    /** A PostgreSQL the drill may fill and restart instead of its embedded one (never a shared one). */
    "database-url": { type: "string" },
    "restart-command": { type: "string" },
  },
});
const runs = Number(values.runs);
const workers = Number(values.workers);
const faults = Number(values.faults);
if (![runs, workers, faults].every((n) => Number.isInteger(n) && n > 0)) {
  console.error(
    "Usage: npm run chaos [-- --runs N --workers N --faults N --no-write --no-web --database-url URL --restart-command CMD]",
  );
  process.exit(2);
}
const web = !values["no-web"] && webIsBuilt();
if (!web && !values["no-web"])
  console.log("[chaos] the app is not built (npm run build): the drill runs without a web process");
const databaseUrl = values["database-url"];
const restartCommand = values["restart-command"];
if (databaseUrl && !restartCommand)
  console.log(
    "[chaos] no --restart-command: PostgreSQL is not restarted, its share goes to the other faults",
  );
const restarts = !databaseUrl || Boolean(restartCommand);
const kinds = 3 + (web ? 1 : 0) + (restarts ? 1 : 0);
const share = Math.max(1, Math.round(faults / kinds));
const options: ChaosOptions = {
  runs,
  workers,
  concurrency: 20,
  leaseSeconds: 3,
  // About one fault every 10 s: time enough between them to see each one's recovery.
  driveSeconds: Math.max(60, faults * 10),
  faults: {
    kills: share,
    stops: share,
    databaseRestarts: restarts ? Math.max(1, faults - (kinds - 1) * share) : 0,
    lockHolds: share,
    webKills: web ? share : 0,
  },
  web,
  modelFaultRate: 0.2,
  ...(databaseUrl ? { database: { url: databaseUrl, restartCommand } } : {}),
  log: (line) => console.log(`[chaos] ${line}`),
};
const report = await runChaos(options);
console.log(summary(report));
if (!values["no-write"])
  await writeChaosSection(report, `npm run chaos -- --runs ${runs} --workers ${workers} --faults ${faults}`);
process.exit(
  invariantsHold(report.invariants) &&
    report.duplicatedRuns === 0 &&
    report.requestsNeverTaken === 0 &&
    report.workersAlive === workers
    ? 0
    : 1,
);

function summary(r: ChaosReport): string {
  return JSON.stringify(
    {
      invariants: r.invariants,
      duplicatedRuns: r.duplicatedRuns,
      requestsNeverTaken: r.requestsNeverTaken,
      statuses: r.statuses,
      failures: r.failures,
      workersAlive: `${r.workersAlive} of ${r.options.workers}`,
      runsPerSecond: Number(r.runsPerSecond.toFixed(2)),
      takeoverMs: r.takeoverMs,
      firstClaimAfterRestartMs: r.firstClaimAfterRestartMs,
      faults: r.faultsDone,
      modelRequests: r.modelRequests,
      seconds: Math.round(r.seconds),
    },
    null,
    2,
  );
}
