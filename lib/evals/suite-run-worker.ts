import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type EvalSuiteRunRow,
  evalCaseResults,
  evalCases,
  evalSuiteRuns,
  evalSuites,
  tenants,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import type { EngineConfig } from "@/lib/runtime/engine-config";
import { type EvalCase, evalCaseSchema, SUITE_FORMAT } from "./case-schema";
import type { CaseResult } from "./run-case";
import { runSuite } from "./run-suite";
import { caseResultRow } from "./suite-runs";

/** A suite run whose worker died this many times in a row is given up as failed. */
export const MAX_SUITE_RUN_ATTEMPTS = 3;

/** Raised when another worker has taken the suite run over: this one must stop writing to it. */
export class SuiteLeaseLostError extends Error {
  constructor(runId: string) {
    super(`The lease on suite run ${runId} was lost to another worker.`);
    this.name = "SuiteLeaseLostError";
  }
}

/**
 * Leases the oldest queued suite run, or a running one whose worker's lease ran out, to `owner`.
 * SKIP LOCKED lets several workers claim side by side; the fencing token makes the previous holder's
 * later writes fail, so no suite run is ever executed by two workers at once.
 */
export async function claimSuiteRun(db: Db, owner: string, leaseSeconds: number) {
  const [run] = await db
    .update(evalSuiteRuns)
    .set({
      status: "running",
      leaseOwner: owner,
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds}::int)`,
      fencingToken: sql`${evalSuiteRuns.fencingToken} + 1`,
      attempts: sql`${evalSuiteRuns.attempts} + 1`,
      // A queued run's clock starts when a worker takes it, not when it was asked for.
      startedAt: sql`case when ${evalSuiteRuns.status} = 'queued' then now() else ${evalSuiteRuns.startedAt} end`,
    })
    .where(
      eq(
        evalSuiteRuns.id,
        sql`(select id from eval_suite_runs
             where status = 'queued' or (status = 'running' and lease_expires_at < now())
             order by created_at limit 1 for update skip locked)`,
      ),
    )
    .returning();
  return run ?? null;
}

/** Extends the lease; throws SuiteLeaseLostError when another worker holds it now. */
export async function renewSuiteLease(db: Db, run: EvalSuiteRunRow, leaseSeconds: number) {
  const renewed = await db
    .update(evalSuiteRuns)
    .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds}::int)` })
    .where(held(run))
    .returning({ id: evalSuiteRuns.id });
  if (renewed.length === 0) throw new SuiteLeaseLostError(run.id);
}

const held = (run: EvalSuiteRunRow) =>
  and(
    eq(evalSuiteRuns.id, run.id),
    eq(evalSuiteRuns.fencingToken, run.fencingToken),
    eq(evalSuiteRuns.status, "running"),
  );

// Short backoffs, as the runner's (scripts/eval.ts). Not its never-opening breakers: a breaker is
// created once per process with the settings of its first use, and this process also drives real runs.
const evalEngine = (engine: EngineConfig): EngineConfig => ({
  ...engine,
  resilience: { ...(engine.resilience ?? DEFAULT_RESILIENCE), baseDelayMs: 5, maxDelayMs: 50 },
});

/**
 * Runs a claimed suite run's remaining cases (a run resumed after its worker died keeps the results it
 * has), each result kept as its case ends, then its totals. Returns without finishing when the lease
 * was lost or `signal` aborted: the lease then expires and another worker carries on.
 */
export async function executeSuiteRun(engine: EngineConfig, run: EvalSuiteRunRow, signal: AbortSignal) {
  const { db } = engine;
  let lost = false;
  const renew = setInterval(
    () =>
      void renewSuiteLease(db, run, engine.leaseSeconds).catch(() => {
        lost = true;
      }),
    Math.max(500, (engine.leaseSeconds * 1000) / 3),
  );
  try {
    await renewSuiteLease(db, run, engine.leaseSeconds);
    if (run.attempts > MAX_SUITE_RUN_ATTEMPTS)
      return await fail(
        db,
        run,
        `Given up: its worker stopped ${MAX_SUITE_RUN_ATTEMPTS} times before it ended.`,
      );
    const loaded = await loadSuite(db, run);
    if (!loaded) return await fail(db, run, "The suite or its tenant no longer exists.");
    const done = await db
      .select({ name: evalCaseResults.caseName })
      .from(evalCaseResults)
      .where(eq(evalCaseResults.suiteRunId, run.id));
    await runSuite(db, loaded.suite, {
      engine: evalEngine(engine),
      source: loaded.tenant,
      ...(run.agentName && {
        agent: { name: run.agentName, ...(run.agentVersion !== null && { version: run.agentVersion }) },
      }),
      ...(run.model && { model: run.model }),
      skip: new Set(done.map((row) => row.name)),
      stopped: () => lost || signal.aborted,
      onCase: (result) => keepCaseResult(db, run, loaded.caseIds, result),
    });
    if (lost || signal.aborted) return;
    await finish(db, run, loaded);
  } catch (error) {
    if (error instanceof SuiteLeaseLostError || signal.aborted) return;
    await fail(db, run, error instanceof Error ? error.message : String(error)).catch(() => {});
  } finally {
    clearInterval(renew);
  }
}

type LoadedSuite = {
  suite: { format: typeof SUITE_FORMAT; name: string; cases: EvalCase[] };
  tenant: { id: string; name: string };
  caseIds: Map<string, string>;
};

async function loadSuite(db: Db, run: EvalSuiteRunRow): Promise<LoadedSuite | null> {
  const [found] = await db
    .select({ name: evalSuites.name, tenantName: tenants.name })
    .from(evalSuites)
    .innerJoin(tenants, eq(tenants.id, evalSuites.tenantId))
    .where(and(eq(evalSuites.id, run.suiteId), eq(evalSuites.tenantId, run.tenantId)));
  if (!found) return null;
  const cases = await db
    .select()
    .from(evalCases)
    .where(and(eq(evalCases.suiteId, run.suiteId), eq(evalCases.tenantId, run.tenantId)))
    .orderBy(evalCases.position);
  return {
    suite: {
      format: SUITE_FORMAT,
      name: found.name,
      cases: cases.map((c) => evalCaseSchema.parse(c.definition)),
    },
    tenant: { id: run.tenantId, name: found.tenantName },
    caseIds: new Map(cases.map((c) => [c.name, c.id])),
  };
}

// Written only while this worker still holds the lease, in the same transaction that checks it.
async function keepCaseResult(db: Db, run: EvalSuiteRunRow, caseIds: Map<string, string>, c: CaseResult) {
  await db.transaction(async (tx) => {
    const [mine] = await tx
      .select({ id: evalSuiteRuns.id })
      .from(evalSuiteRuns)
      .where(held(run))
      .for("update");
    if (!mine) throw new SuiteLeaseLostError(run.id);
    await tx.insert(evalCaseResults).values(caseResultRow(run.tenantId, run.id, caseIds, c));
  });
}

const workerActor = (run: EvalSuiteRunRow, tenantName: string): Actor => ({
  kind: "system",
  id: "eval-worker",
  label: "eval worker",
  tenantId: run.tenantId,
  tenantName,
  role: "operator",
});

/** Totals from every kept result; a regression is a case that passed in the suite's previous finished run. */
async function finish(db: Db, run: EvalSuiteRunRow, loaded: LoadedSuite) {
  await db.transaction(async (tx) => {
    const [mine] = await tx.select().from(evalSuiteRuns).where(held(run)).for("update");
    if (!mine) throw new SuiteLeaseLostError(run.id);
    const results = await tx.select().from(evalCaseResults).where(eq(evalCaseResults.suiteRunId, run.id));
    const [previous] = await tx
      .select({ id: evalSuiteRuns.id })
      .from(evalSuiteRuns)
      .where(
        and(
          eq(evalSuiteRuns.suiteId, run.suiteId),
          eq(evalSuiteRuns.status, "finished"),
          ne(evalSuiteRuns.id, run.id),
        ),
      )
      .orderBy(desc(evalSuiteRuns.startedAt))
      .limit(1);
    const failing = results.filter((r) => !r.pass).map((r) => r.caseName);
    const regressed =
      previous && failing.length > 0
        ? await tx
            .select({ name: evalCaseResults.caseName })
            .from(evalCaseResults)
            .where(
              and(
                eq(evalCaseResults.suiteRunId, previous.id),
                eq(evalCaseResults.pass, true),
                inArray(evalCaseResults.caseName, failing),
              ),
            )
        : [];
    const passed = results.filter((r) => r.pass).length;
    await tx
      .update(evalSuiteRuns)
      .set({
        status: "finished",
        passed,
        failed: results.length - passed,
        regressions: regressed.length,
        costUsd: results.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
        durationMs: sql`greatest(0, (extract(epoch from now() - ${evalSuiteRuns.startedAt}) * 1000)::int)`,
        finishedAt: sql`now()`,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(eq(evalSuiteRuns.id, run.id));
    await recordAudit(tx, workerActor(run, loaded.tenant.name), {
      action: "eval_suite.run_recorded",
      targetType: "eval_suite",
      targetId: run.suiteId,
      details: {
        name: loaded.suite.name,
        run: run.id,
        passed,
        failed: results.length - passed,
        regressions: regressed.length,
      },
    });
  });
}

async function fail(db: Db, run: EvalSuiteRunRow, error: string) {
  await db
    .update(evalSuiteRuns)
    .set({ status: "failed", error, finishedAt: sql`now()`, leaseOwner: null, leaseExpiresAt: null })
    .where(held(run));
}

/**
 * The worker's suite-run slot: one suite run at a time per process, beside its runs. A slow poll is
 * enough: a suite run takes seconds, and a person is watching its progress, not its first millisecond.
 */
export class SuiteRunWorker {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | null = null;
  private readonly controller = new AbortController();

  constructor(
    private readonly engine: EngineConfig,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.wake();
  }

  wake(): void {
    if (this.busy || this.controller.signal.aborted) return;
    this.busy = this.claimAndRun()
      .catch((error) => console.error("Running a suite run failed", error))
      .finally(() => {
        this.busy = null;
      });
  }

  private async claimAndRun(): Promise<void> {
    const run = await claimSuiteRun(this.engine.db, this.engine.owner, this.engine.leaseSeconds);
    if (!run) return;
    await executeSuiteRun(this.engine, run, this.controller.signal);
    // Another may be waiting: look again at once rather than at the next poll.
    setImmediate(() => this.wake());
  }

  /** Stops after the case under way; its lease expires and another worker carries the run on. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.controller.abort(new Error("worker stopping"));
    const busy = this.busy;
    if (busy) await Promise.race([busy, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}
