import { readFile, writeFile } from "node:fs/promises";
import type { WorkloadFigures } from "./workload";
import { TURNS } from "./workload-cost";

const FILE = "docs/benchmarks.md";
export const WORKLOAD_HEADING = "## Task steps at realistic load (issue #25's workload)";
const BEFORE_HEADING = "### The first measurement, before the engine's changes for it";

/** The workload's section of a report, if it has one. */
export function workloadSection(report: string): string | null {
  const start = report.indexOf(WORKLOAD_HEADING);
  if (start < 0) return null;
  const next = report.indexOf("\n## ", start + WORKLOAD_HEADING.length);
  return `${report.slice(start, next < 0 ? undefined : next).trimEnd()}\n`;
}

/**
 * Writes (or replaces) the section's figures. The subsections below them (written by hand, and the
 * first figures it ever replaced, kept as the baseline so each later run reads against the same
 * "before") stay as they are.
 */
export async function writeWorkloadSection(f: WorkloadFigures, meta: Meta) {
  const current = await readFile(FILE, "utf8").catch(() => "# Benchmarks\n");
  const old = workloadSection(current);
  const kept = old?.includes(`\n${BEFORE_HEADING}`) ? old.indexOf("\n### ") : -1;
  const previous =
    old === null
      ? null
      : kept >= 0
        ? old.slice(kept + 1)
        : currentPart(old).replace(WORKLOAD_HEADING, BEFORE_HEADING);
  const section = [render(f, meta), previous ? `\n${previous}` : ""].join("");
  const next = old ? current.replace(old, section) : `${current.trimEnd()}\n\n${section}`;
  await writeFile(FILE, next);
  return section;
}

const currentPart = (section: string) => {
  const cut = section.indexOf(`\n${BEFORE_HEADING}`);
  return (cut < 0 ? section : section.slice(0, cut)).trimEnd().concat("\n");
};

const pct = (share: number) => `${n(100 * share)} %`;
const n = (v: number, digits = 0) =>
  v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

type Meta = { date: string; command: string; commit: string };

function render(f: WorkloadFigures, meta: Meta): string {
  const rows = f.rows.map(
    (r) =>
      `| ${r.concurrency} | ${r.latencyMs} ms | ${r.runs} | ${n(r.engine.taskStepsPerSecond)} | ${n(r.engine.overheadP50, 2)} / ${n(r.engine.overheadMean, 2)} ms | ${n(r.engine.commitP50 ?? 0, 2)} ms | ${n(r.engine.nodeCpuMs ?? 0, 2)} ms | ${n(r.bare.taskStepsPerSecond)} | ${n(r.bare.overheadP50, 2)} / ${n(r.bare.overheadMean, 2)} ms | ${n(r.floor.taskStepsPerSecond)} (${pct(r.floorShare)}) | ${n(r.floor.overheadP50, 2)} ms | ${r.ceiling === null ? "—" : n(r.ceiling)} | ${pct(r.share)} of ${r.ceiling === null ? "bare" : "ceiling"} (${r.repeats.map(pct).join(", ")}) |`,
  );
  const s = f.storage;
  return [
    ...goals(f),
    `Measured by \`${meta.command}\` on ${meta.date} at commit ${meta.commit}, on a fresh embedded PostgreSQL, on a shared 2-core host: its figures move by tens of percent from one run, or one machine, to the next, so compare each with the bare loops of the same run.`,
    `A task is ${TURNS} tool turns of a stateless fake model (one \`get_ticket\` call each, a real indexed read) and a final answer; a task step is a model turn and its tool call, i.e. two Flightdeck steps, each committed before the next begins, with policy, spans, receipts, budgets and kill checks on.`,
    "Each case runs 3 times, the engine and the bare loops in turn, so each run meets the same moment of the machine; the row is the run whose share is the median (all three shares in brackets). Overhead is per Flightdeck step: its time less the model call and the tool's execution. The bare loop does the same tasks with one single-row insert (200 bytes) per task step on postgres.js, at the same concurrency and model latency; its overhead is that insert. The ceiling is concurrency × tasks' steps / their model time. The two-insert floor is that loop with two inserts per task step, each awaited before the next, as the engine commits the model's step before the tool runs and the tool's before the next model call: what committing twice per task step costs with nothing else, its share on the same scale as the engine's. Of the overhead, \"commit wait\" is the time from handing the step to the group commit until it is durable (its batch's turn and write); Node CPU is the process's per Flightdeck step, starting the tasks included.",
    "",
    "| concurrency | model latency | tasks | task steps/s | overhead p50 / mean | commit wait p50 | Node CPU per step | bare loop task steps/s | bare insert p50 / mean | two-insert floor task steps/s (share) | its insert p50 | ceiling | share (3 runs) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
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

/** Issue #25's goals beside the figures above (the heading and the table open the section). */
function goals(f: WorkloadFigures): string[] {
  const at = (concurrency: number, latencyMs: number) =>
    f.rows.find((r) => r.concurrency === concurrency && r.latencyMs === latencyMs);
  const slow = at(50, 50);
  const one = at(1, 0);
  const many = at(50, 0);
  const mark = (ok: boolean | undefined) => (ok === undefined ? "—" : ok ? "✓" : "✗");
  const row = (goal: string, measured: string, ok: boolean | undefined, floor = "—") =>
    `| ${goal} | ${measured} | ${mark(ok)} | ${floor} |`;
  const { storage: s, start } = f;
  return [
    WORKLOAD_HEADING,
    "",
    "| goal | measured | | two inserts per task step, nothing else (the floor) |",
    "| --- | --- | --- | --- |",
    row(
      "concurrency 50, 50 ms model: ≥ 95 % of the ceiling, overhead p50 ≤ 2 ms",
      slow ? `${n(100 * slow.share)} %, ${n(slow.engine.overheadP50, 2)} ms` : "—",
      slow && slow.share >= 0.95 && slow.engine.overheadP50 <= 2,
      slow ? `${pct(slow.floorShare)}, ${n(slow.floor.overheadP50, 2)} ms` : "—",
    ),
    row(
      "concurrency 1, 0 ms: overhead ≤ 0.5 ms per Flightdeck step",
      one ? `${n(one.engine.overheadP50, 2)} ms (p50)` : "—",
      one && one.engine.overheadP50 <= 0.5,
      one ? `${n(one.floor.overheadP50, 2)} ms (p50)` : "—",
    ),
    row(
      "concurrency 50, 0 ms: ≥ 40 % of the bare insert loop's task steps/s",
      many ? `${n(100 * many.share)} %` : "—",
      many && many.share >= 0.4,
      many ? pct(many.floorShare) : "—",
    ),
    row(
      "starting a run: ≤ 3 statements in ≤ 1 transaction",
      `${n(start.statements, 1)} statements, ${n(start.transactions, 1)} transactions`,
      start.statements <= 3 && start.transactions <= 1,
    ),
    row(
      "≤ 3 KB stored and ≤ 4 KB WAL per task step",
      `${n(s.storedBytes)} B stored, ${n(s.walBytes)} B WAL`,
      s.storedBytes <= 3072 && s.walBytes <= 4096,
    ),
    "",
  ];
}
