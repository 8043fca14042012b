import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { type Run, runs } from "@/db/schema";
import { ENGAGED_SWITCH_OVER_RUN_SQL } from "@/lib/kill/coverage";

/** Raised when another process has taken the run over: this one must stop touching it. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`The lease on run ${runId} was lost to another process.`);
    this.name = "LeaseLostError";
  }
}

// A queued run under an engaged switch waits (a paused agent's run starts after Resume). A running
// run whose process died is still claimed: the engine's kill check then ends it as killed.
const underKillSwitch = sql.raw(ENGAGED_SWITCH_OVER_RUN_SQL);

/**
 * Takes up to `limit` runs and leases them to `owner`: running runs whose lease expired (their
 * process died) first, then the oldest queued runs. Each choice reads the first entries of a
 * partial index (runs_lease_expiry_idx, runs_queued_idx), so a claim costs the same with ten runs
 * queued or a million; a run always holds a lease while it is running, so an expired one is found
 * by its expiry alone. One statement fills every free slot: a worker that starts, or wakes to a
 * burst of runs, does not claim them one round trip at a time. SKIP LOCKED lets any number of
 * processes claim side by side. Only Flightdeck's own runs: an agent that runs elsewhere
 * (observed, or asking the gate) holds no lease and is never claimed.
 */
export async function claimRuns(db: Db, owner: string, leaseSeconds: number, limit: number): Promise<Run[]> {
  if (limit < 1) return [];
  return claimStatement(db).execute({ owner, leaseSeconds, limit });
}

/** Takes one run, as claimRuns does, or null when none is waiting. */
export async function claimNextRun(db: Db, owner: string, leaseSeconds: number): Promise<Run | null> {
  const [run] = await claimRuns(db, owner, leaseSeconds, 1);
  return run ?? null;
}

// Prepared: parsed and planned once per connection (a claim is on every run's path). The second
// branch is read only when the first leaves room under the limit.
const claimStatement = preparedQuery((db) => {
  const limit = sql`${sql.placeholder("limit")}::int`;
  return db
    .update(runs)
    .set({
      status: "running",
      leaseOwner: sql`${sql.placeholder("owner")}`,
      leaseExpiresAt: sql`now() + make_interval(secs => ${sql.placeholder("leaseSeconds")}::int)`,
      fencingToken: sql`${runs.fencingToken} + 1`,
      startedAt: sql`coalesce(${runs.startedAt}, now())`,
    })
    .where(
      sql`${runs.id} in (
        with expired as (
          select id from runs where status = 'running' and lease_expires_at < now()
          order by lease_expires_at limit ${limit} for update skip locked
        ), queued as (
          select id from runs where status = 'queued' and source = 'engine' and not ${underKillSwitch}
          order by created_at limit ${limit} for update skip locked
        )
        select id from expired union all select id from queued limit ${limit})`,
    )
    .returning()
    .prepare("claim_runs");
});

/**
 * Takes this queued run, if no worker took it first (the eval runner drives its own runs; a worker
 * of the app on the same database may still win the race, and then runs it as any other).
 */
export async function claimQueuedRun(db: Db, owner: string, runId: string, leaseSeconds: number) {
  const [run] = await db
    .update(runs)
    .set({
      status: "running",
      leaseOwner: owner,
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds}::int)`,
      fencingToken: sql`${runs.fencingToken} + 1`,
      startedAt: sql`coalesce(${runs.startedAt}, now())`,
    })
    .where(and(eq(runs.id, runId), eq(runs.status, "queued")))
    .returning();
  return run ?? null;
}

/** Extends the lease while a long model or tool call runs; throws when it was lost. */
export async function renewLease(db: DbOrTx, run: Pick<Run, "id" | "fencingToken">, leaseSeconds: number) {
  const renewed = await db
    .update(runs)
    .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(and(eq(runs.id, run.id), eq(runs.fencingToken, run.fencingToken)))
    .returning({ id: runs.id });
  if (renewed.length === 0) throw new LeaseLostError(run.id);
}
