import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { utcToday } from "@/lib/day";
import type { ChaosReport } from "./drill";
import { invariantsHold } from "./invariants";

export const CHAOS_HEADING = "## Chaos drill";
const file = path.resolve(import.meta.dirname, "../../docs/benchmarks.md");

/** The chaos drill's section of a benchmarks report, if it has one (kept when `npm run bench` rewrites the rest). */
export function chaosSection(report: string): string | null {
  const start = report.indexOf(CHAOS_HEADING);
  if (start < 0) return null;
  const next = report.indexOf("\n## ", start + CHAOS_HEADING.length);
  return `${report.slice(start, next < 0 ? undefined : next).trimEnd()}\n`;
}

/** Writes (or replaces) the chaos drill's section of docs/benchmarks.md. */
export async function writeChaosSection(r: ChaosReport, command: string): Promise<void> {
  const current = await readFile(file, "utf8").catch(() => "# Benchmarks\n");
  const old = chaosSection(current);
  const section = renderChaos(r, command);
  const next = old ? current.replace(old, section) : `${current.trimEnd()}\n\n${section}`;
  await writeFile(file, next);
}

const pct = (values: number[], p: number) => {
  if (values.length === 0) return "—";
  const sorted = [...values].sort((a, b) => a - b);
  return `${(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0).toLocaleString("en-US")} ms`;
};

function renderChaos(r: ChaosReport, command: string): string {
  const i = r.invariants;
  const o = r.options;
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  const leaseMs = o.leaseSeconds * 1000;
  const takeoverP95 = [...r.takeoverMs].sort((a, b) => a - b)[Math.ceil(0.95 * r.takeoverMs.length) - 1] ?? 0;
  const firstClaimMax = Math.max(0, ...r.firstClaimAfterRestartMs);
  const names: Record<string, string> = {
    kills: "engines SIGKILLed",
    stops: "engines SIGSTOPped past their lease",
    databaseRestarts: "PostgreSQL restarts",
    lockHolds: "demo tables locked past the write tools' time-outs",
    webKills: "web process SIGKILLs (restarted at once)",
  };
  const faults = Object.entries(r.faultsDone)
    .map(([k, n]) => `${n} ${names[k] ?? k}`)
    .join(", ");
  return [
    CHAOS_HEADING,
    "",
    `Measured by \`${command}\` on ${utcToday()}, ${os.cpus().length} cores, ${process.version}: ` +
      `${o.runs.toLocaleString("en-US")} runs of the demo support agent (a refund, an email and a ticket update each) on ${o.workers} ` +
      `\`npm run worker\` processes (${o.concurrency} runs each, ${o.leaseSeconds} s leases)` +
      `${o.web ? ", and a web process (`npm start`, its own engine too) through whose API half the runs were started with an Idempotency-Key, retried across its kills" : ", without a web process"}; a model server failing ` +
      `${Math.round(o.modelFaultRate * 100)} % of calls (429, 500, 503, dropped connections; ` +
      `${r.modelRequests.requests.toLocaleString("en-US")} requests), and faults over ${o.driveSeconds} s: ${faults}.`,
    "",
    "| invariant | found | |",
    "| --- | --- | --- |",
    `| runs lost or stuck | ${i.unsettledRuns} | ${mark(i.unsettledRuns === 0)} |`,
    `| effects doubled | ${i.doubledEffects} | ${mark(i.doubledEffects === 0)} |`,
    `| effects without a receipt | ${i.effectsWithoutReceipt} | ${mark(i.effectsWithoutReceipt === 0)} |`,
    `| receipts without an effect | ${i.receiptsWithoutEffect} | ${mark(i.receiptsWithoutEffect === 0)} |`,
    `| runs with a step gap | ${i.stepGaps} | ${mark(i.stepGaps === 0)} |`,
    `| runs started twice by a client's retry | ${r.duplicatedRuns} | ${mark(r.duplicatedRuns === 0)} |`,
    `| start requests never taken, retried with their key for 5 minutes | ${r.requestsNeverTaken} | ${mark(r.requestsNeverTaken === 0)} |`,
    `| unknown outcomes left outside the inbox | ${i.unknownOutcomesDropped} | ${mark(i.unknownOutcomesDropped === 0)} |`,
    `| receipt chain verifies | ${i.receiptChainValid ? "yes" : "no"} | ${mark(i.receiptChainValid)} |`,
    `| workers alive at the end | ${r.workersAlive} of ${o.workers} | ${mark(r.workersAlive === o.workers)} |`,
    "",
    "| figure | measured | target |",
    "| --- | --- | --- |",
    `| runs per second under faults (start of the drive → every run settled) | ${r.runsPerSecond.toFixed(2)} | — |`,
    `| takeover after a kill, p50 / p95 (${r.takeoverMs.length} runs) | ${pct(r.takeoverMs, 50)} / ${pct(r.takeoverMs, 95)} | p95 ≤ lease + 1 s (${(leaseMs + 1000).toLocaleString("en-US")} ms) ${r.takeoverMs.length === 0 ? "✗ (no killed engine held a run: not measured)" : mark(takeoverP95 <= leaseMs + 1000)} |`,
    `| first claim after PostgreSQL is back (${r.firstClaimAfterRestartMs.length} restarts), max | ${firstClaimMax.toLocaleString("en-US")} ms | ≤ 2,000 ms ${mark(firstClaimMax <= 2000)} |`,
    `| unknown outcomes waiting in the inbox | ${i.unknownOutcomesInInbox} | — |`,
    "",
    `Runs at the end: ${Object.entries(r.statuses)
      .map(([s, n]) => `${n} ${s}`)
      .join(
        ", ",
      )}. ${invariantsHold(i) && r.duplicatedRuns === 0 && r.requestsNeverTaken === 0 ? "Every invariant held." : "An invariant failed."}`,
    "",
  ].join("\n");
}
