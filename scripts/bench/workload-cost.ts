import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@/db/client";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import { benchModel } from "./bench-model";
import { type BenchTenant, benchEngine, percentile } from "./engine";
import { countingDatabase, countSince } from "./statement-counter";

const RUNS = 20;
/** Tool turns per task (issue #25's workload): a task step is a model turn and its tool call. */
export const TURNS = 10;

const startOne = (database: Database, tenant: BenchTenant) =>
  startRun(database.db, tenant.actor, { agent: "support-triage", input: "benchmark" });

/** What starting one run sends to the database, and how long it takes, once the process is warm. */
export async function startCost(url: string, tenant: BenchTenant) {
  const { database, count } = countingDatabase(url, 2);
  try {
    for (let i = 0; i < 3; i++) await startOne(database, tenant);
    const before = count();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await startOne(database, tenant);
      times.push(performance.now() - t);
    }
    const sent = countSince(before, count());
    await driveAll(database);
    return {
      statements: sent.statements / RUNS,
      transactions: sent.transactions / RUNS,
      p50Ms: percentile(times, 50),
    };
  } finally {
    await database.close();
  }
}

/** The tables a run writes to, with their TOAST and indexes. */
const RUN_TABLES = [
  "runs",
  "agent_snapshots",
  "run_steps",
  "spans",
  "receipts",
  "receipt_links",
  "unsealed_receipts",
];

/**
 * Per task step of 20 runs started and driven one after another (concurrency 1): statements and
 * transactions sent, claims, WAL written (pg_current_wal_lsn) and bytes added to the run tables.
 */
export async function storagePerTaskStep(
  measured: Database,
  url: string,
  tenant: BenchTenant,
  turns = TURNS,
) {
  const { database, count } = countingDatabase(url, 10);
  const mark = async () => {
    const [row] = await measured.sql<{ lsn: string; sizes: Record<string, string> }[]>`
      select pg_current_wal_lsn()::text as lsn,
        (select jsonb_object_agg(t, pg_total_relation_size(t::regclass)::text) from unnest(${RUN_TABLES}::text[]) t) as sizes`;
    const tables = Object.fromEntries(RUN_TABLES.map((t) => [t, Number(row?.sizes[t] ?? 0)]));
    return { lsn: row?.lsn ?? "0/0", tables, bytes: Object.values(tables).reduce((a, b) => a + b, 0) };
  };
  try {
    const before = await mark();
    const sent = count();
    for (let i = 0; i < RUNS; i++) await startOne(database, tenant);
    await driveAll(database, turns);
    // Receipts are chained shortly after their commit, off the step's path: that write counts too.
    await sleep(500);
    const after = await mark();
    const [wal] = await measured.sql<{ bytes: string }[]>`
      select pg_wal_lsn_diff(${after.lsn}::pg_lsn, ${before.lsn}::pg_lsn)::text as bytes`;
    const steps = RUNS * turns;
    const total = countSince(sent, count());
    const walByRelation = await walByRelationSince(measured, before.lsn, after.lsn, steps);
    return {
      statements: total.statements / steps,
      transactions: total.transactions / steps,
      claimsPerRun: total.claims / RUNS,
      walBytes: Number(wal?.bytes) / steps,
      storedBytes: (after.bytes - before.bytes) / steps,
      walByRelation,
      storedByTable: Object.fromEntries(
        RUN_TABLES.map((t) => [t, ((after.tables[t] ?? 0) - (before.tables[t] ?? 0)) / steps]),
      ),
    };
  } finally {
    await database.close();
  }
}

/**
 * WAL per task step by the relation its records change (each record counted once, under its first
 * block; "other" is records of no relation, commits among them), where pg_walinspect is available.
 */
async function walByRelationSince(measured: Database, from: string, to: string, steps: number) {
  try {
    await measured.sql`create extension if not exists pg_walinspect`;
    const rows = await measured.sql<{ relation: string; bytes: string }[]>`
      with blocks as (
        select distinct on (start_lsn) start_lsn, reltablespace, relfilenode
        from pg_get_wal_block_info(${from}::pg_lsn, ${to}::pg_lsn) order by start_lsn, block_id
      )
      select coalesce(pg_filenode_relation(b.reltablespace, b.relfilenode)::regclass::text, 'other') as relation,
        sum(r.record_length)::text as bytes
      from pg_get_wal_records_info(${from}::pg_lsn, ${to}::pg_lsn) r
      left join blocks b using (start_lsn)
      group by 1 order by sum(r.record_length) desc`;
    return Object.fromEntries(rows.map((r) => [r.relation, Number(r.bytes) / steps]));
  } catch {
    return null;
  }
}

/** Claims and drives every queued run one by one, as a worker with one slot would, without polling. */
async function driveAll(database: Database, turns = TURNS) {
  const model = benchModel(turns);
  const config = benchEngine(database, "bench-cost", () => model);
  for (;;) {
    const run = await claimNextRun(database.db, config.owner, config.leaseSeconds);
    if (!run) break;
    await executeRun(config, run, new AbortController().signal);
  }
}
