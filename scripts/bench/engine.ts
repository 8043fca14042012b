import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Database } from "@/db/client";
import { agents } from "@/db/schema";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { seedModelPrices } from "@/lib/models/pricing";
import { startRun } from "@/lib/runs/start-run";
import type { EngineConfig, StepSample } from "@/lib/runtime/engine-config";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import { RunWorker } from "@/lib/worker/worker";
import { benchModel } from "./bench-model";
import { stealMeter } from "./cpu-steal";
import { type KillFigures, measureKillLatency } from "./kill";
import { measurePolicy, type PolicyFigures } from "./policy";

export type EngineFigures = {
  concurrency: {
    modelP50: number;
    toolP50: number;
    concurrency: number;
    runs: number;
    steps: number;
    stepsPerSecond: number;
    overheadP50: number;
    overheadP95: number;
    /** Each repetition's figure its target is about (overhead p50 at 1, steps/s at 50), in order. */
    repeats: number[];
    /** The hypervisor's steal time during each repetition, in %: null where the system does not tell. */
    repeatSteal: (number | null)[];
  }[];
  storage: { stepsPerRun: number; bytesPerStep: number; transactionsPerStep: number }[];
  rawCommits: { concurrency: number; commitsPerSecond: number }[];
  /** The same fixed CPU work timed before and after the engine's figures: this machine's speed then. */
  cpuReferenceMs: { before: number; after: number };
  kill: KillFigures;
  policy: PolicyFigures;
};

const REPEATS = 5;

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** The engine with a zero-latency model and 10 tool turns per run, on the database given. */
export async function measureEngine(database: Database): Promise<EngineFigures> {
  const { db, sql: client } = database;
  const cpuBefore = cpuReferenceMs();
  const tenant = await createBenchTenant(database);
  // Unmeasured: a server's engine is warm, and V8 optimises the step path only after a few
  // thousand steps (on this machine, minutes apart: overhead p50 at concurrency 1 ~1.5 ms after
  // 100 warm-up steps, ~1.15 ms after 4,000).
  await runBatch(database, tenant, 10, 200, 10, []);
  // What autovacuum does in such a server within its first minute: statistics that know the
  // tables' sizes, so the plans PostgreSQL caches for the engine's statements use their indexes.
  await client`analyze`;
  const concurrency = [];
  for (const [level, count] of [
    [1, 20],
    [50, 400],
  ] as const) {
    // This shared machine's speed drifts from minute to minute: each level is measured a few
    // times and the median run (by the figure its target is about) stands for it.
    const repeats: Throughput[] = [];
    const steal: (number | null)[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const stolen = stealMeter();
      repeats.push(await throughput(database, tenant, level, count, 10));
      steal.push(stolen());
    }
    const key = (r: Throughput) => (level === 1 ? r.overheadP50 : r.stepsPerSecond);
    const sorted = [...repeats].sort((a, b) => key(a) - key(b));
    const median = sorted[Math.floor(sorted.length / 2)] ?? repeats[0];
    if (!median) throw new Error("no measurement");
    concurrency.push({ concurrency: level, ...median, repeats: repeats.map(key), repeatSteal: steal });
  }
  const storage = [];
  for (const turns of [5, 25, 50]) storage.push(await storagePerStep(database, tenant, turns));
  const rawCommits = [];
  for (const level of [1, 50])
    rawCommits.push({ concurrency: level, commitsPerSecond: await rawCommitRate(client, level) });
  const kill = await measureKillLatency(database, tenant);
  const policy = await measurePolicy(database, tenant);
  // The run's rows have no foreign key to cascade along (see db/schema/run-steps.ts).
  await db.execute(sql`
    with gone as (delete from runs where tenant_id = ${tenant.tenantId}::uuid returning id),
      steps as (delete from run_steps where run_id in (select id from gone)),
      run_spans as (delete from spans where tenant_id = ${tenant.tenantId}::uuid),
      links as (delete from receipt_links where tenant_id = ${tenant.tenantId}::uuid),
      unsealed as (delete from unsealed_receipts where tenant_id = ${tenant.tenantId}::uuid)
    delete from receipts where tenant_id = ${tenant.tenantId}::uuid`);
  const cpuReference = { before: cpuBefore, after: cpuReferenceMs() };
  return { concurrency, storage, rawCommits, cpuReferenceMs: cpuReference, kill, policy };
}

export type BenchTenant = { tenantId: string; actor: Parameters<typeof startRun>[1] };

export async function createBenchTenant({ db }: Database): Promise<BenchTenant> {
  const slug = `bench-${Date.now()}`;
  const [row] = await db.execute<{ id: string }>(
    sql`insert into tenants (slug, name) values (${slug}, 'Benchmark') returning id`,
  );
  const tenantId = row?.id ?? "";
  await seedModelPrices(db);
  await seedDemoBusiness(db, tenantId);
  await db.update(agents).set({ maxSteps: 10_000, maxSeconds: 3600 }).where(eq(agents.tenantId, tenantId));
  return {
    tenantId,
    actor: {
      kind: "user",
      id: "bench",
      label: "benchmark",
      tenantId,
      tenantName: "Benchmark",
      role: "admin",
    },
  };
}

/** An engine for the benchmarks: long leases, no app to call back. */
export function benchEngine(
  database: Database,
  owner: string,
  resolveModel: EngineConfig["resolveModel"],
): EngineConfig {
  return {
    db: database.db,
    owner: `${owner}:${process.pid}`,
    leaseSeconds: 60,
    modelTimeoutMs: 60_000,
    appBaseUrl: "http://127.0.0.1:65533",
    resolveModel,
  };
}

function engine(database: Database, turns: number, samples: StepSample[], latencyMs = 0): EngineConfig {
  const model = benchModel(turns, latencyMs);
  return { ...benchEngine(database, "bench", () => model), observe: (sample) => samples.push(sample) };
}

export async function runBatch(
  database: Database,
  tenant: BenchTenant,
  level: number,
  count: number,
  turns: number,
  samples: StepSample[],
  latencyMs = 0,
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await startRun(database.db, tenant.actor, { agent: "support-triage", input: "benchmark" })).id);
  const worker = new RunWorker(engine(database, turns, samples, latencyMs), database.sql, {
    concurrency: level,
    pollMs: 50,
  });
  const started = performance.now();
  await worker.start();
  // The harness must not take the CPU the engine is measured on: while the worker drives runs it
  // asks nothing of the database (the query scans the tenant's status index, ~0.5 ms at this size).
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    if (worker.activeRuns > 0) continue;
    const [row] = await database.sql<{ busy: boolean }[]>`
      select exists (
        select 1 from runs where tenant_id = ${tenant.tenantId}::uuid and status in ('queued', 'running')
      ) as busy`;
    if (!row?.busy) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  return { ids, seconds };
}

type Throughput = Awaited<ReturnType<typeof throughput>>;

async function throughput(
  database: Database,
  tenant: BenchTenant,
  level: number,
  count: number,
  turns: number,
) {
  const samples: StepSample[] = [];
  const { seconds } = await runBatch(database, tenant, level, count, turns, samples);
  const overheads = samples.map((s) => s.overheadMs);
  return {
    runs: count,
    steps: samples.length,
    stepsPerSecond: samples.length / seconds,
    overheadP50: percentile(overheads, 50),
    overheadP95: percentile(overheads, 95),
    modelP50: percentile(
      samples.filter((s) => s.kind === "model").map((s) => s.workMs),
      50,
    ),
    toolP50: percentile(
      samples.filter((s) => s.kind === "tool").map((s) => s.workMs),
      50,
    ),
  };
}

/** Bytes added to the run tables (rows, TOAST and indexes) and transactions committed, per step. */
async function storagePerStep(database: Database, tenant: BenchTenant, turns: number) {
  // Every write transaction takes a transaction id, so the id counter counts them exactly.
  const size = async () => {
    const [row] = await database.db.execute<{ bytes: string; xid: string }>(sql`
      select (pg_total_relation_size('runs') + pg_total_relation_size('agent_snapshots') + pg_total_relation_size('run_steps')
        + pg_total_relation_size('spans') + pg_total_relation_size('receipts')
        + pg_total_relation_size('receipt_links') + pg_total_relation_size('unsealed_receipts'))::text as bytes,
             pg_current_xact_id()::text as xid`);
    return { bytes: Number(row?.bytes), commits: Number(row?.xid) };
  };
  const ids: string[] = [];
  for (let i = 0; i < 20; i++)
    ids.push((await startRun(database.db, tenant.actor, { agent: "support-triage", input: "benchmark" })).id);
  const before = await size();
  // Claimed and driven one by one, as a worker would, but with no polling to blur the count.
  const samples: StepSample[] = [];
  const config = engine(database, turns, samples);
  for (;;) {
    const run = await claimNextRun(database.db, config.owner, config.leaseSeconds);
    if (!run) break;
    await executeRun(config, run, new AbortController().signal);
  }
  const after = await size();
  return {
    stepsPerRun: turns * 2 + 1,
    bytesPerStep: (after.bytes - before.bytes) / samples.length,
    // less the one taken by the second measuring query itself
    transactionsPerStep: (after.commits - before.commits - 1) / samples.length,
  };
}

/**
 * Fixed pure-CPU work (JSON and SHA-256 of ~1 MB, ten times), timed: this shared machine's speed
 * changes by a factor of two from one hour to the next, and this figure lets runs be compared.
 */
export function cpuReferenceMs(): number {
  const value = Array.from({ length: 5000 }, (_, i) => ({
    id: i,
    name: `item ${i}`,
    tags: ["alpha", "beta", "gamma"],
    nested: { x: i * 1.5, y: String(i), ok: i % 2 === 0 },
  }));
  const started = performance.now();
  for (let i = 0; i < 10; i++)
    createHash("sha256")
      .update(JSON.stringify(JSON.parse(JSON.stringify(value))))
      .digest("hex");
  return performance.now() - started;
}

/** Bare single-row insert commits from Node, for scale: the ceiling of any durable engine here. */
async function rawCommitRate(client: postgres.Sql, level: number): Promise<number> {
  await client`create table if not exists bench_commits (id bigserial primary key, payload text)`;
  const total = level === 1 ? 2000 : 20_000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: level }, async () => {
      while (next++ < total) await client`insert into bench_commits (payload) values ('x')`;
    }),
  );
  const perSecond = total / ((performance.now() - started) / 1000);
  await client`drop table if exists bench_commits`;
  return perSecond;
}
