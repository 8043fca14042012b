import type { Database } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getCostPerDay, getCostReport } from "@/lib/metrics/queries";
import { getRun, listRuns } from "@/lib/runs/queries";
import { getInitialTrace, getOutlinePage, OUTLINE_PAGE } from "@/lib/runs/trace-outline";
import type { RunPageFigures } from "./scale-page";
import { type LoadResult, seedBigTrace, seedLoad } from "./scale-seed";

export type QueryFigure = { name: string; target: string; targetMs: number; p50Ms: number; p95Ms: number };

export type ScaleFigures = {
  load: LoadResult;
  totalSpans: number;
  bigTrace: { runId: string; spans: number; steps: number };
  repetitions: number;
  queries: QueryFigure[];
  /** Filled in by the browser measurement (scale-page.ts), when it ran. */
  runPage: RunPageFigures | null;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function time(repetitions: number, fn: () => Promise<unknown>) {
  await fn(); // warm: plans cached, pages in the buffer cache as on a dashboard in use
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return { p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95) };
}

/** Seeds N runs (and the 10,003-span run) into a "Load test" tenant, then times the dashboard queries. */
export async function measureScale(
  database: Database,
  options: { runs: number; repetitions?: number; log?: (line: string) => void },
): Promise<ScaleFigures> {
  const log = options.log ?? console.log;
  const repetitions = options.repetitions ?? 30;
  const load = await seedLoad(database.sql, { runs: options.runs, days: 90, log });
  const big = await seedBigTrace(database.sql, load.tenantId);
  await database.sql`vacuum analyze runs`;
  await database.sql`vacuum analyze run_search`;
  const [counts] = await database.sql<{ spans: number; steps: number }[]>`
    select (select count(*)::int from spans where tenant_id = ${load.tenantId}) as spans,
      (select count(*)::int from run_steps where run_id = ${big.runId}) as steps`;
  const actor: Actor = {
    kind: "system",
    id: "bench",
    label: "bench",
    tenantId: load.tenantId,
    tenantName: "Load test",
    role: "admin",
  };
  const db = database.db;
  // A cursor from the first page, so the second page is a real keyset page.
  const first = await listRuns(db, actor, {});
  const cases: [string, string, number, () => Promise<unknown>][] = [
    ["runs list, first page (50 runs, no filter)", "p95 < 200 ms", 200, () => listRuns(db, actor, {})],
    [
      "runs list, next page (keyset cursor)",
      "p95 < 200 ms",
      200,
      () => listRuns(db, actor, { cursor: first.nextCursor ?? undefined }),
    ],
    [
      "runs list, filtered: status failed + agent ops-health",
      "p95 < 200 ms",
      200,
      () => listRuns(db, actor, { status: "failed", agent: "ops-health" }),
    ],
    [
      "runs list, filtered: model anthropic:claude-haiku-4-5",
      "p95 < 200 ms",
      200,
      () => listRuns(db, actor, { model: "anthropic:claude-haiku-4-5" }),
    ],
    [
      "runs list, filtered: status killed + model openai:gpt-5",
      "p95 < 200 ms",
      200,
      () => listRuns(db, actor, { status: "killed", model: "openai:gpt-5" }),
    ],
    [
      "runs list, search: a word of every run's goal (q=load)",
      "p95 < 200 ms",
      200,
      () => listRuns(db, actor, { q: "load" }),
    ],
    [
      "runs list, search: one run's number in its answer (q=handled 4242)",
      "p95 < 200 ms",
      200,
      () => listRuns(db, actor, { q: "handled 4242" }),
    ],
    [
      "cost per day, last 30 days, by agent (getCostPerDay)",
      "p95 < 500 ms",
      500,
      () => getCostPerDay(db, actor, {}),
    ],
    [
      "cost per day, last 30 days, by model (getCostPerDay)",
      "p95 < 500 ms",
      500,
      () => getCostPerDay(db, actor, { group_by: "model" }),
    ],
    [
      "cost dashboard, last 30 days: summary, per day, by agent with percentiles, top runs (getCostReport)",
      "—",
      0,
      () => getCostReport(db, actor, {}),
    ],
    [
      `run page data of the ${big.spans.toLocaleString("en-US")}-span run: the run, counts and first outlines (getRun + getInitialTrace)`,
      "—",
      0,
      async () => getInitialTrace(db, actor, await getRun(db, actor, big.runId), false),
    ],
    [
      `the same run's next outline page, ${OUTLINE_PAGE.spans.toLocaleString("en-US")} spans + ${OUTLINE_PAGE.steps.toLocaleString("en-US")} steps from the middle (getOutlinePage)`,
      "—",
      0,
      () => getOutlinePage(db, actor, big.runId, { spansOffset: 5_000, stepsAfter: 2_500 }),
    ],
  ];
  const queries: QueryFigure[] = [];
  for (const [name, target, targetMs, fn] of cases) {
    const t = await time(repetitions, fn);
    log(`${name}: p50 ${t.p50Ms.toFixed(1)} ms, p95 ${t.p95Ms.toFixed(1)} ms`);
    queries.push({ name, target, targetMs, ...t });
  }
  return {
    load,
    totalSpans: counts?.spans ?? 0,
    bigTrace: { runId: big.runId, spans: big.spans, steps: counts?.steps ?? 0 },
    repetitions,
    queries,
    runPage: null,
  };
}
