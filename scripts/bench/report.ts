import { type ContextFigures, contextSection } from "./context";
import type { EngineFigures } from "./engine";
import type { GateFigures, GateLatency } from "./gate";
import type { IngestFigures } from "./ingest";
import type { ScaleFigures } from "./scale";
import type { StartupFigures } from "./startup";

const n = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function renderReport(input: {
  date: string;
  machine: string;
  startup: StartupFigures;
  engine: EngineFigures;
  ingest: IngestFigures;
  gate: GateFigures;
  context: ContextFigures;
  scale?: ScaleFigures | null;
  scaleCommand?: string;
  /** The scale section of the last report, kept when this run did not measure it. */
  previousScale?: string | null;
}): string {
  const { startup, engine, ingest, gate } = input;
  const raw50 = engine.rawCommits.find((r) => r.concurrency === 50)?.commitsPerSecond ?? 0;
  return [
    "# Benchmarks",
    "",
    `Measured by \`npm run bench\` on ${input.date}, ${input.machine}.`,
    "Every figure below is written by that command; nothing here is typed in by hand.",
    "",
    "## Start-up and idle memory (embedded default, app already built)",
    "",
    "| figure | measured | target |",
    "| --- | --- | --- |",
    `| \`npm start\` to healthy, fresh data folder (initdb, migrations, demo seed) | ${n(startup.firstStartSeconds, 2)} s | < 10 s |`,
    `| \`npm start\` to healthy, existing data folder | ${n(startup.restartSeconds, 2)} s | < 10 s |`,
    `| idle memory (PSS), server + embedded PostgreSQL | ${n(startup.idleMemoryMb)} MB | < 400 MB |`,
    "",
    "## Run engine (embedded PostgreSQL, zero-latency model, 10 tool turns per run)",
    "",
    "A step is one durable model call or tool call (`get_ticket`, a real indexed read). Overhead is the",
    "engine's own time per step: everything but the model call and the tool's execution (persisting",
    "the step, its spans and the run's totals in one transaction, rebuilding the conversation).",
    "Measured after 200 unmeasured warm-up runs (4,200 steps) and an `ANALYZE` (what autovacuum does in",
    "its first minute), as in a server that has been up a while.",
    "",
    "| concurrency | runs | steps | steps/s | overhead p50 | overhead p95 | model call p50 | tool call p50 | target |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...engine.concurrency.map(
      (c) =>
        `| ${c.concurrency} | ${c.runs} | ${n(c.steps)} | ${n(c.stepsPerSecond)} | ${n(c.overheadP50, 3)} ms | ${n(c.overheadP95, 3)} ms | ${n(c.modelP50, 3)} ms | ${n(c.toolP50, 3)} ms | ${c.concurrency === 1 ? "p50 ≤ 1 ms" : "≥ 3,700 steps/s"} |`,
    ),
    "",
    "Storage and transactions per step, by run length (run rows and their agent snapshots, steps, spans, receipts, TOAST and indexes):",
    "",
    "| steps per run | bytes per step | transactions per step | target |",
    "| --- | --- | --- | --- |",
    ...engine.storage.map(
      (s) => `| ${s.stepsPerRun} | ${n(s.bytesPerStep)} | ${n(s.transactionsPerStep, 2)} | ≤ 3 KB, ≤ 2 |`,
    ),
    "",
    "For scale, bare single-row insert commits from Node on the same database in the same run:",
    "",
    "| concurrency | commits/s |",
    "| --- | --- |",
    ...engine.rawCommits.map((r) => `| ${r.concurrency} | ${n(r.commitsPerSecond)} |`),
    "",
    `This machine's speed in the same run: a fixed piece of CPU work (JSON and SHA-256 of ~1 MB, ten times) took ${n(engine.cpuReferenceMs.before)} ms before the engine's figures and ${n(engine.cpuReferenceMs.after)} ms after. Compare runs at similar figures.`,
    "",
    "## Kill switch",
    "",
    "A run inside a slow simulated model call (5 s); Stop engages the run's kill switch (what the",
    "button's server action calls); measured until the in-flight call was aborted and the run ended `killed`.",
    "",
    "| stops | p50 | p95 | max | target |",
    "| --- | --- | --- | --- | --- |",
    `| ${engine.kill.stops} | ${n(engine.kill.p50Ms)} ms | ${n(engine.kill.p95Ms)} ms | ${n(engine.kill.maxMs)} ms | p95 < 1 s |`,
    "",
    "## OTLP ingest (embedded PostgreSQL, after the engine's figures)",
    "",
    `Export requests of ${ingest.spansPerRequest} spans (50 traces of an agent's turn: a root, 4 model calls with`,
    "GenAI token counts, 4 tool calls with arguments and results), OTLP/JSON, read, mapped to runs,",
    `priced steps and spans and stored by ${ingest.concurrency} clients at once: everything`,
    "`POST /api/otlp/v1/traces` does after checking the key.",
    "",
    "| requests | spans | spans/s | request p50 | request p95 | target |",
    "| --- | --- | --- | --- | --- | --- |",
    `| ${ingest.requests} | ${n(ingest.spans)} | ${n(ingest.spansPerSecond)} | ${n(ingest.requestP50Ms)} ms | ${n(ingest.requestP95Ms)} ms | ≥ 5,000 spans/s |`,
    "",
    ...renderGate(gate),
    "## Policy and approvals",
    "",
    "Evaluation: the pre-parsed default policy deciding a 120 USD refund (Cedar, full and hard sets),",
    "the work done on every tool call that a conditional statement covers (a tool only unconditional",
    "permits cover, like the reads, is allowed without asking Cedar). Resume: an operator approves a",
    "parked run; measured until a worker (idle, slow poll 5 s) has claimed it through NOTIFY and",
    "committed the approved call.",
    "",
    "| figure | p50 | p95 | max | target |",
    "| --- | --- | --- | --- | --- |",
    `| policy evaluation (${n(engine.policy.evaluations)} calls) | ${n(engine.policy.evalP50Us)} µs | ${n(engine.policy.evalP95Us)} µs | — | well under 1 ms |`,
    `| approval → run resumed (${engine.policy.approvals} approvals) | ${n(engine.policy.resumeP50Ms)} ms | ${n(engine.policy.resumeP95Ms)} ms | ${n(engine.policy.resumeMaxMs)} ms | < 500 ms |`,
    "",
    "Figures on these shared 2-core machines vary by ±30 % from one run to the next, and more in",
    "hours when the hypervisor takes CPU time for other machines (steal time, in brackets); run the",
    `command twice before comparing. Each concurrency level is measured ${engine.concurrency[0]?.repeats.length ?? 0} times and the engine`,
    "table shows the median run; the runs gave, in order:",
    "",
    ...engine.concurrency.map((c) => {
      const runs = c.repeats.map((v, i) => {
        const figure = c.concurrency === 1 ? `${n(v, 3)} ms` : `${n(v)} steps/s`;
        const steal = c.repeatSteal[i];
        return steal === null || steal === undefined ? figure : `${figure} (steal ${n(steal)} %)`;
      });
      return c.concurrency === 1
        ? `- concurrency 1, overhead p50: ${runs.join(", ")}`
        : `- concurrency ${c.concurrency}: ${runs.join(", ")}`;
    }),
    "",
    `At concurrency 50 the engine reaches ${n((100 * (engine.concurrency.find((c) => c.concurrency === 50)?.stepsPerSecond ?? 0)) / (raw50 || 1))} % of the bare commit rate.`,
    "",
    contextSection(input.context, input.date),
    "",
    ...(input.scale
      ? renderScale(input.scale, input.scaleCommand ?? "npm run bench -- --scale N", input.date)
      : input.previousScale
        ? [input.previousScale]
        : []),
  ].join("\n");
}

/** The gate's section, also printed by `npx tsx scripts/bench/gate.ts` on its own. */
export function renderGate(gate: GateFigures): string[] {
  const ms = (value: number) => `${n(value, 1)} ms`;
  const steal = (l: GateLatency) => (l.steal === null ? "" : ` (steal ${n(l.steal)} %)`);
  return [
    "## Gate decisions (embedded PostgreSQL, after the OTLP ingest)",
    "",
    `${gate.callers} agents at once, each with its own API key and gate run of the demo support agent (goal`,
    '"Look at order O-5001"), ask before `get_order` on that order, which the default policy allows, and',
    `report the call's result, so each run's steps grow as in real use. Between two calls each agent`,
    `spends ${n(gate.thinkMs)} ms in its model (a fast model's turn), starting at random moments: ${gate.warmUpPerCaller} unmeasured asks`,
    `per agent, then ${gate.asksPerCaller} timed. Through the route: \`POST /api/v1/gate/runs/:id/calls\` called in process, as the`,
    "TypeScript client sends it (bearer key, per-key rate limit, Idempotency-Key, JSON in and out),",
    "without a socket; `askGate` is the same decision called directly. Back to back: the same agents",
    "through the route with no model time between calls — what the gate can take at most (asks/s count",
    "each ask with its result report).",
    "",
    "| figure | measured | target |",
    "| --- | --- | --- |",
    `| decision latency p50, through the route (${n(gate.route.asks)} asks${gate.route.steal === null ? "" : `; steal ${n(gate.route.steal)} %`}) | ${ms(gate.route.p50Ms)} | ≤ 5 ms at ${gate.callers} callers |`,
    `| decision latency p95, through the route | ${ms(gate.route.p95Ms)} | ≤ 20 ms at ${gate.callers} callers |`,
    `| decision latency p99 / max, through the route | ${ms(gate.route.p99Ms)} / ${ms(gate.route.maxMs)} | — |`,
    `| decision latency p50 / p95, \`askGate\` alone (${n(gate.library.asks)} asks) | ${ms(gate.library.p50Ms)} / ${ms(gate.library.p95Ms)} | — |`,
    `| decision latency p99 / max, \`askGate\` alone | ${ms(gate.library.p99Ms)} / ${ms(gate.library.maxMs)} | — |`,
    `| back to back through the route: asks/s${steal(gate.saturated)}, p50 / p95 | ${n(gate.saturated.asksPerSecond)}, ${ms(gate.saturated.p50Ms)} / ${ms(gate.saturated.p95Ms)} | — |`,
    "",
  ];
}

const SCALE_HEADING = "## Dashboards at scale";

/**
 * The scale section of an earlier report, dated: seeding a million runs takes half an hour, so a
 * run without `--scale` keeps the last measured section instead of dropping it.
 */
export function previousScaleSection(report: string): string | null {
  const start = report.indexOf(SCALE_HEADING);
  if (start < 0) return null;
  const section = report.slice(start).trimEnd();
  if (section.includes("Measured on ")) return `${section}\n`;
  const date = /Measured by `npm run bench` on (\d{4}-\d{2}-\d{2})/.exec(report)?.[1] ?? "an earlier date";
  return `${section.replace(`${SCALE_HEADING}\n\n`, `${SCALE_HEADING}\n\nMeasured on ${date}. `)}\n`;
}

function renderScale(scale: ScaleFigures, command: string, date: string): string[] {
  const { load } = scale;
  const ok = (q: { targetMs: number; p95Ms: number }) =>
    q.targetMs === 0 ? "" : q.p95Ms < q.targetMs ? " ✓" : " ✗";
  return [
    SCALE_HEADING,
    "",
    `Measured on ${date}. \`${command}\` seeds a "Load test" tenant on a fresh embedded PostgreSQL with`,
    `${n(load.runs)} runs over 90 days (${n(load.steps)} steps, ${n(scale.totalSpans)} spans, ${n(load.receipts)} receipts,`,
    `${n(load.approvals)} approvals, plus one run of ${n(scale.bigTrace.spans)} spans and ${n(scale.bigTrace.steps)} steps), then times`,
    `the functions the pages call, ${scale.repetitions} repetitions each after one warm-up.`,
    "",
    `Seed rate (\`npm run seed:load\`, generated inside PostgreSQL, one transaction per 10,000 runs): ${n(load.runsPerSecond)} runs/s,`,
    `${n(load.rowsPerSecond)} rows/s (${n(load.seconds, 1)} s in all).`,
    "",
    "| query | p50 | p95 | target |",
    "| --- | --- | --- | --- |",
    ...scale.queries.map(
      (q) => `| ${q.name} | ${n(q.p50Ms, 1)} ms | ${n(q.p95Ms, 1)} ms | ${q.target}${ok(q)} |`,
    ),
    ...(scale.runPage
      ? [
          `| run page of the ${n(scale.bigTrace.spans)}-span run in headless Chromium, navigation start → first frame showing its trace and steps (${scale.runPage.loads} loads) | ${n(scale.runPage.p50Ms)} ms | max ${n(scale.runPage.maxMs)} ms | < 1 s${scale.runPage.maxMs < 1000 ? " ✓" : " ✗"} |`,
          `| the same page, navigation start → all ${n(scale.bigTrace.spans)} spans and ${n(scale.bigTrace.steps)} steps loaded (outline pages after the first paint) | ${n(scale.runPage.completeP50Ms)} ms | max ${n(scale.runPage.completeMaxMs)} ms | — |`,
        ]
      : []),
    "",
  ];
}
