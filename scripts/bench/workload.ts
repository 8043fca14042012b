import { setTimeout as sleep } from "node:timers/promises";
import type postgres from "postgres";
import type { Database } from "@/db/client";
import type { StepSample } from "@/lib/runtime/engine-config";
import { type BenchTenant, percentile, runBatch } from "./engine";
import { startCost, storagePerTaskStep, TURNS } from "./workload-cost";

const REPEATS = 3;

export type WorkloadCase = { concurrency: number; latencyMs: number; runs: number };
export type Loop = {
  taskStepsPerSecond: number;
  overheadP50: number;
  overheadMean: number;
  /** The engine's: of the overhead, the wait for the step's commit (p50), and Node's CPU per Flightdeck step. */
  commitP50?: number;
  nodeCpuMs?: number;
};
export type WorkloadRow = WorkloadCase & {
  engine: Loop;
  bare: Loop;
  /** The bare loop with two inserts per task step, each awaited: what committing twice costs alone. */
  floor: Loop;
  /** The floor's task steps/s on the same scale as `share`. */
  floorShare: number;
  /** Task steps/s as a share of the ceiling (at 0 ms: of the bare loop's in the same pair). */
  share: number;
  /** Each pair's share, in order; `engine` and `bare` are the median pair's. */
  repeats: number[];
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
    // Engine and bare loop alternate, so each pair meets the same moment of this shared machine;
    // each share is a pair's, and the median pair (by share) stands for the case.
    const pairs: { engine: Loop; bare: Loop; floor: Loop; share: number }[] = [];
    const ceiling = c.latencyMs > 0 ? (c.concurrency * TURNS * 1000) / ((TURNS + 1) * c.latencyMs) : null;
    for (let i = 0; i < REPEATS; i++) {
      const engine = await engineLoop(database, tenant, c);
      const bare = await bareLoop(database.sql, c, 1);
      const floor = await bareLoop(database.sql, c, 2);
      pairs.push({
        engine,
        bare,
        floor,
        share: engine.taskStepsPerSecond / (ceiling ?? bare.taskStepsPerSecond),
      });
    }
    const median = [...pairs].sort((a, b) => a.share - b.share)[Math.floor(REPEATS / 2)];
    if (!median) throw new Error("no measurement");
    rows.push({
      ...c,
      engine: median.engine,
      bare: median.bare,
      floor: median.floor,
      share: median.share,
      floorShare: median.floor.taskStepsPerSecond / (ceiling ?? median.bare.taskStepsPerSecond),
      repeats: pairs.map((p) => p.share),
      ceiling,
    });
    console.log(
      `c=${c.concurrency} ${c.latencyMs} ms: ${median.engine.taskStepsPerSecond.toFixed(0)} task steps/s ` +
        `(bare ${median.bare.taskStepsPerSecond.toFixed(0)}, two-insert floor ${median.floor.taskStepsPerSecond.toFixed(0)}), overhead p50 ${median.engine.overheadP50.toFixed(2)} ms`,
    );
  }
  const start = await startCost(url, tenant);
  const storage = await storagePerTaskStep(database, url, tenant);
  return { rows, start, storage };
}

export type WorkloadFigures = Awaited<ReturnType<typeof measureWorkload>>;

async function engineLoop(database: Database, tenant: BenchTenant, c: WorkloadCase): Promise<Loop> {
  const samples: StepSample[] = [];
  const cpu = process.cpuUsage();
  const { seconds } = await runBatch(database, tenant, c.concurrency, c.runs, TURNS, samples, c.latencyMs);
  const used = process.cpuUsage(cpu);
  const overheads = samples.map((s) => s.overheadMs);
  return {
    taskStepsPerSecond: (c.runs * TURNS) / seconds,
    overheadP50: percentile(overheads, 50),
    overheadMean: overheads.reduce((a, b) => a + b, 0) / Math.max(1, overheads.length),
    commitP50: percentile(
      samples.map((s) => s.commitMs),
      50,
    ),
    // Starting the runs is in it too: the harness starts them all before the worker begins.
    nodeCpuMs: (used.user + used.system) / 1000 / Math.max(1, samples.length),
  };
}

/**
 * The same tasks as a bare loop: the model's latency, then `inserts` single-row inserts per task
 * step, each awaited (and a last model turn), on postgres.js, at the same concurrency: what any
 * durable loop costs here. With two, it is the floor of a loop that, like the engine, commits the
 * model's step before the tool runs and the tool's before the next model call.
 */
async function bareLoop(client: postgres.Sql, c: WorkloadCase, inserts: number): Promise<Loop> {
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
          for (let i = 0; i < inserts; i++) {
            const t = performance.now();
            await client`insert into bench_task_steps (payload) values (${payload})`;
            overheads.push(performance.now() - t);
          }
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
