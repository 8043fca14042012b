import { setTimeout as sleep } from "node:timers/promises";
import type postgres from "postgres";
import type { Database } from "@/db/client";
import type { StepSample } from "@/lib/runtime/engine-config";
import { type BenchTenant, percentile, runBatch } from "./engine";
import { startCost, storagePerTaskStep, TURNS } from "./workload-cost";

const REPEATS = 3;

export type WorkloadCase = { concurrency: number; latencyMs: number; runs: number };
export type Loop = { taskStepsPerSecond: number; overheadP50: number; overheadMean: number };
export type WorkloadRow = WorkloadCase & {
  engine: Loop;
  /** Each repetition's task steps/s, in order; `engine` is the median one. */
  repeats: number[];
  bare: Loop;
  /** Task steps/s if every step cost only its model latency; null at 0 ms. */
  ceiling: number | null;
};

export const CASES: WorkloadCase[] = [
  { concurrency: 1, latencyMs: 0, runs: 20 },
  { concurrency: 50, latencyMs: 0, runs: 400 },
  { concurrency: 50, latencyMs: 50, runs: 400 },
];

export async function measureWorkload(database: Database, url: string, tenant: BenchTenant) {
  const rows: WorkloadRow[] = [];
  for (const c of CASES) {
    const repeats: Loop[] = [];
    for (let i = 0; i < REPEATS; i++) repeats.push(await engineLoop(database, tenant, c));
    const median = [...repeats].sort((a, b) => a.taskStepsPerSecond - b.taskStepsPerSecond)[1] ?? repeats[0];
    if (!median) throw new Error("no measurement");
    const bares: Loop[] = [];
    for (let i = 0; i < REPEATS; i++) bares.push(await bareLoop(database.sql, c));
    const bare = [...bares].sort((a, b) => a.taskStepsPerSecond - b.taskStepsPerSecond)[1] ?? bares[0];
    if (!bare) throw new Error("no measurement");
    const ceiling = c.latencyMs > 0 ? (c.concurrency * TURNS * 1000) / ((TURNS + 1) * c.latencyMs) : null;
    rows.push({ ...c, engine: median, repeats: repeats.map((r) => r.taskStepsPerSecond), bare, ceiling });
    console.log(
      `c=${c.concurrency} ${c.latencyMs} ms: ${median.taskStepsPerSecond.toFixed(0)} task steps/s ` +
        `(bare ${bare.taskStepsPerSecond.toFixed(0)}), overhead p50 ${median.overheadP50.toFixed(2)} ms`,
    );
  }
  const start = await startCost(url, tenant);
  const storage = await storagePerTaskStep(database, url, tenant);
  return { rows, start, storage };
}

export type WorkloadFigures = Awaited<ReturnType<typeof measureWorkload>>;

async function engineLoop(database: Database, tenant: BenchTenant, c: WorkloadCase): Promise<Loop> {
  const samples: StepSample[] = [];
  const { seconds } = await runBatch(database, tenant, c.concurrency, c.runs, TURNS, samples, c.latencyMs);
  const overheads = samples.map((s) => s.overheadMs);
  return {
    taskStepsPerSecond: (c.runs * TURNS) / seconds,
    overheadP50: percentile(overheads, 50),
    overheadMean: overheads.reduce((a, b) => a + b, 0) / Math.max(1, overheads.length),
  };
}

/**
 * The same tasks as a bare loop: the model's latency, then one single-row insert per task step
 * (and a last model turn), on postgres.js, at the same concurrency: what any durable loop costs here.
 */
async function bareLoop(client: postgres.Sql, c: WorkloadCase): Promise<Loop> {
  await client`create table if not exists bench_task_steps (id bigserial primary key, payload text)`;
  const payload = "x".repeat(200);
  const overheads: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c.concurrency }, async () => {
      while (next++ < c.runs) {
        for (let turn = 0; turn <= TURNS; turn++) {
          if (c.latencyMs > 0) await sleep(c.latencyMs);
          if (turn === TURNS) break;
          const t = performance.now();
          await client`insert into bench_task_steps (payload) values (${payload})`;
          overheads.push(performance.now() - t);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await client`drop table if exists bench_task_steps`;
  return {
    taskStepsPerSecond: (c.runs * TURNS) / seconds,
    overheadP50: percentile(overheads, 50),
    overheadMean: overheads.reduce((a, b) => a + b, 0) / Math.max(1, overheads.length),
  };
}
