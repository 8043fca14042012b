import { parseArgs } from "node:util";
import { database } from "@/db/client";
import { initialise } from "@/lib/bootstrap/initialise";
import { env } from "@/lib/env";
import { seedBigTrace, seedLoad } from "./bench/scale-seed";
import { prepare } from "./prepare";

// `npm run seed:load -- --runs N [--tenant <name>] [--days 90] [--big-trace]`: fills the configured
// database (DATABASE_URL or the embedded one) with N realistic runs spread over the last days.
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    tenant: { type: "string", default: "Load test" },
    days: { type: "string", default: "90" },
    "big-trace": { type: "boolean", default: false },
  },
});
const runs = Number.parseInt(values.runs, 10);
const days = Number.parseInt(values.days, 10);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(days) || days < 1) {
  console.error("Usage: npm run seed:load -- --runs N [--tenant <name>] [--days 90] [--big-trace]");
  process.exit(2);
}

const resolved = await prepare();
// Model prices (and, on an empty database, the demo tenant) exist before the load references them.
await initialise(database().db, env());
const result = await seedLoad(database().sql, { runs, tenantName: values.tenant, days });
console.log(
  `Seeded ${result.runs.toLocaleString("en-US")} runs, ${result.steps.toLocaleString("en-US")} steps, ` +
    `${result.spans.toLocaleString("en-US")} spans, ${result.receipts.toLocaleString("en-US")} receipts, ` +
    `${result.approvals.toLocaleString("en-US")} approvals into "${values.tenant}" in ${result.seconds.toFixed(1)} s ` +
    `(${Math.round(result.rowsPerSecond).toLocaleString("en-US")} rows/s).`,
);
if (values["big-trace"]) {
  const big = await seedBigTrace(database().sql, result.tenantId);
  console.log(`Large trace: run ${big.runId} with ${big.spans.toLocaleString("en-US")} spans.`);
}
await database().close();
await resolved.embedded?.stop();
