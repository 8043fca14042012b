import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { agents, evalCaseResults, evalSuiteRuns } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { AppError } from "@/lib/errors";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { evalCaseSchema } from "./case-schema";
import { redactResult } from "./redact-evals";
import { casesOf, suiteByName } from "./suite-store";

export const queueSuiteRunSchema = z
  .object({
    /** Only this agent's cases. */
    agent: z.string().trim().min(1).max(100).optional(),
    /** At this version of it (else each case's own version, else the agent's current one). */
    agentVersion: z.number().int().positive().optional(),
    /** Every case on this model, unless the case names its own. */
    model: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((input) => input.agentVersion === undefined || input.agent !== undefined, {
    message: "Name the agent whose version is tested.",
    path: ["agentVersion"],
  });
export type QueueSuiteRunInput = z.input<typeof queueSuiteRunSchema>;

/**
 * Queues a run of the tenant's suite for a worker (lib/evals/suite-run-worker.ts): nothing runs in
 * the caller's request. The cases are the suite's as it is when the worker starts them. Audited.
 */
export async function queueSuiteRun(db: Db, actor: Actor, suiteName: string, input: QueueSuiteRunInput) {
  assertScope(actor, "evals:write");
  const options = queueSuiteRunSchema.parse(input);
  const suite = await suiteByName(db, actor, suiteName);
  const cases = (await casesOf(db, actor, suite.id)).filter(
    (c) => !options.agent || evalCaseSchema.parse(c.definition).agent.name === options.agent,
  );
  if (cases.length === 0)
    throw new AppError("invalid_input", `${suite.name} has no case of ${options.agent}.`, { field: "agent" });
  if (options.agent) await assertAgentVersion(db, actor, options.agent, options.agentVersion);
  await assertBudgetLeft(db, actor);
  return db.transaction(async (tx) => {
    await assertRoomInQueue(tx, actor);
    const [run] = await tx
      .insert(evalSuiteRuns)
      .values({
        tenantId: actor.tenantId,
        suiteId: suite.id,
        status: "queued",
        model: options.model ?? null,
        agentName: options.agent ?? null,
        agentVersion: options.agentVersion ?? null,
        casesTotal: cases.length,
        passed: 0,
        failed: 0,
        costUsd: 0,
        durationMs: 0,
        startedBy: actor.label,
        startedAt: new Date(),
      })
      .returning();
    if (!run) throw new Error("The suite run was not queued.");
    await recordAudit(tx, actor, {
      action: "eval_suite.run_queued",
      targetType: "eval_suite",
      targetId: suite.id,
      details: { name: suite.name, run: run.id, cases: cases.length, ...options },
    });
    return run;
  });
}

/** Suite runs a tenant may have queued or running at once: the workers are shared by every tenant. */
export const MAX_ACTIVE_SUITE_RUNS = 2;

// Serialised per tenant (a transaction-level lock), so two requests cannot both take the last place.
async function assertRoomInQueue(tx: DbOrTx, actor: Actor) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`eval-queue:${actor.tenantId}`}))`);
  const [active] = await tx
    .select({ n: count() })
    .from(evalSuiteRuns)
    .where(
      and(eq(evalSuiteRuns.tenantId, actor.tenantId), inArray(evalSuiteRuns.status, ["queued", "running"])),
    );
  if ((active?.n ?? 0) >= MAX_ACTIVE_SUITE_RUNS)
    throw new AppError(
      "conflict",
      `This tenant already has ${MAX_ACTIVE_SUITE_RUNS} suite runs queued or running: queue this one when one of them has finished.`,
    );
}

// A suite's cases call models for real: not once today's budget is spent.
async function assertBudgetLeft(db: DbOrTx, actor: Actor) {
  const budget = await tenantBudgetToday(db, actor.tenantId);
  if (budget && budget.spentUsd + budget.reservedUsd >= budget.budgetUsd)
    throw new AppError(
      "conflict",
      `Today's budget of $${budget.budgetUsd.toFixed(2)} is spent: suite runs wait for tomorrow (UTC) or a higher budget.`,
    );
}

// An agent the tenant does not have is taken from the demo seed by the runner; a version it does not
// have is refused here, where the person asking can still correct it.
async function assertAgentVersion(db: DbOrTx, actor: Actor, name: string, version: number | undefined) {
  if (version === undefined) return;
  const [agent] = await db
    .select({ version: agents.version })
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, name)));
  const latest = agent?.version ?? 1;
  if (version > latest)
    throw new AppError("invalid_input", `${name} has no version ${version} (its latest is ${latest}).`, {
      field: "agentVersion",
    });
}

/** A suite run of the tenant with its case results so far, in the order they ended. */
export async function suiteRunState(db: DbOrTx, actor: Actor, suiteName: string, runId: string) {
  assertScope(actor, "evals:read");
  const suite = await suiteByName(db, actor, suiteName);
  const [run] = /^[0-9a-f-]{36}$/i.test(runId)
    ? await db
        .select()
        .from(evalSuiteRuns)
        .where(
          and(
            eq(evalSuiteRuns.tenantId, actor.tenantId),
            eq(evalSuiteRuns.suiteId, suite.id),
            eq(evalSuiteRuns.id, runId),
          ),
        )
    : [];
  if (!run) throw new AppError("not_found", `No run ${runId} of the suite ${suite.name} in this tenant.`);
  const results = await db
    .select()
    .from(evalCaseResults)
    .where(and(eq(evalCaseResults.tenantId, actor.tenantId), eq(evalCaseResults.suiteRunId, run.id)))
    .orderBy(asc(evalCaseResults.endedAt));
  const redactor = await redactorFor(db, actor);
  return { suite, run, results: redactor ? results.map((r) => redactResult(r, redactor)) : results };
}

/** Whether the run is still waiting for, or under, a worker. */
export const isActive = (run: { status: string }) => run.status === "queued" || run.status === "running";
