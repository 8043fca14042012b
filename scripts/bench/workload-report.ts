import { readFile, writeFile } from "node:fs/promises";
import type { WorkloadFigures } from "./workload";
import { TURNS } from "./workload-cost";

const FILE = "docs/benchmarks.md";
export const WORKLOAD_HEADING = "## Task steps at realistic load (issue #25's workload)";
const BEFORE_HEADING = "### The previous measurement";

/** The workload's section of a report, if it has one. */
export function workloadSection(report: string): string | null {
  const start = report.indexOf(WORKLOAD_HEADING);
  if (start < 0) return null;
  const next = report.indexOf("\n## ", start + WORKLOAD_HEADING.length);
  return `${report.slice(start, next < 0 ? undefined : next).trimEnd()}\n`;
}

/** Writes (or replaces) the section; the figures it replaces are kept below as the previous ones. */
export async function writeWorkloadSection(f: WorkloadFigures, meta: { date: string; command: string }) {
  const current = await readFile(FILE, "utf8").catch(() => "# Benchmarks\n");
  const old = workloadSection(current);
  const previous = old ? currentPart(old).replace(WORKLOAD_HEADING, BEFORE_HEADING) : null;
  const section = [render(f, meta), previous ? `\n${previous}` : ""].join("");
  const next = old ? current.replace(old, section) : `${current.trimEnd()}\n\n${section}`;
  await writeFile(FILE, next);
  return section;
}

const currentPart = (section: string) => {
  const cut = section.indexOf(`\n${BEFORE_HEADING}`);
  return (cut < 0 ? section : section.slice(0, cut)).trimEnd().concat("\n");
};

const n = (v: number, digits = 0) =>
  v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function render(f: WorkloadFigures, meta: { date: string; command: string }): string {
  const rows = f.rows.map((r) => {
    const share = (100 * r.engine.taskStepsPerSecond) / (r.ceiling ?? r.bare.taskStepsPerSecond);
    return `| ${r.concurrency} | ${r.latencyMs} ms | ${r.runs} | ${n(r.engine.taskStepsPerSecond)} (${r.repeats.map((x) => n(x)).join(", ")}) | ${n(r.engine.overheadP50, 2)} / ${n(r.engine.overheadMean, 2)} ms | ${n(r.bare.taskStepsPerSecond)} | ${n(r.bare.overheadP50, 2)} / ${n(r.bare.overheadMean, 2)} ms | ${r.ceiling === null ? "—" : n(r.ceiling)} | ${n(share)} % of ${r.ceiling === null ? "bare" : "ceiling"} |`;
  });
  const s = f.storage;
  return [
    WORKLOAD_HEADING,
    "",
    `Measured by \`${meta.command}\` on ${meta.date}, on a fresh embedded PostgreSQL, on a host whose two cores other engineers were using at the same time: figures move by tens of percent from one minute to the next.`,
    `A task is ${TURNS} tool turns of a stateless fake model (one \`get_ticket\` call each, a real indexed read) and a final answer; a task step is a model turn and its tool call, i.e. two Flightdeck steps, each committed before the next begins, with policy, spans, receipts, budgets and kill checks on.`,
    "Each figure is the median of 3 runs (all three in brackets). Overhead is per Flightdeck step: its time less the model call and the tool's execution. The bare loop does the same tasks with one single-row insert (200 bytes) per task step on postgres.js, at the same concurrency and model latency; its overhead is that insert. The ceiling is concurrency × tasks' steps / their model time.",
    "",
    "| concurrency | model latency | tasks | task steps/s (3 runs) | overhead p50 / mean | bare loop task steps/s | bare insert p50 / mean | ceiling | share |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "Starting a run (`startRun`, after three warm-up starts in the process), from the driver's statement log:",
    "",
    "| statements per start | transactions per start | start p50 |",
    "| --- | --- | --- |",
    `| ${n(f.start.statements, 1)} | ${n(f.start.transactions, 1)} | ${n(f.start.p50Ms, 2)} ms |`,
    "",
    "Per task step, 20 tasks started and driven one after another (concurrency 1, start and claim included; WAL from `pg_current_wal_lsn`, stored bytes from the run tables' sizes with their TOAST and indexes):",
    "",
    "| statements | transactions | claims per run | WAL | stored |",
    "| --- | --- | --- | --- | --- |",
    `| ${n(s.statements, 2)} | ${n(s.transactions, 2)} | ${n(s.claimsPerRun, 2)} | ${n(s.walBytes)} B | ${n(s.storedBytes)} B |`,
    "",
  ].join("\n");
}
