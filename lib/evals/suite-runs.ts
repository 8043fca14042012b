import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { evalCaseResults, evalCases, evalSuiteRuns, evalSuites } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import type { Regression } from "./baseline";
import { redactDefinition, redactResult } from "./redact-evals";
import type { CaseResult } from "./run-case";
import type { SuiteResult } from "./run-suite";
import { casesOf, suiteByName } from "./suite-store";

/** Keeps a suite run's results under the tenant's suite of that name (which must exist). Audited. */
/** A case's result as its row in a suite run; `caseIds` names the suite's cases by their names. */
export const caseResultRow = (
  tenantId: string,
  suiteRunId: string,
  caseIds: Map<string, string>,
  c: CaseResult,
) => ({
  tenantId,
  suiteRunId,
  caseId: caseIds.get(c.name) ?? null,
  caseName: c.name,
  pass: c.pass,
  status: c.status,
  stopReason: c.stopReason,
  steps: c.steps,
  costUsd: c.costUsd,
  durationMs: c.durationMs,
  agentName: c.agent,
  agentVersion: c.agentVersion || null,
  checks: c.checks,
  error: c.error ?? null,
  calls: c.calls ?? null,
});

export async function recordSuiteRun(db: Db, actor: Actor, result: SuiteResult, found: Regression[]) {
  assertScope(actor, "evals:write");
  const suite = await suiteByName(db, actor, result.suite);
  const caseIds = new Map((await casesOf(db, actor, suite.id)).map((c) => [c.name, c.id]));
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(evalSuiteRuns)
      .values({
        tenantId: actor.tenantId,
        suiteId: suite.id,
        model: result.model,
        passed: result.passed,
        failed: result.failed,
        regressions: found.length,
        costUsd: result.costUsd,
        durationMs: result.durationMs,
        startedBy: actor.label,
        startedAt: new Date(result.startedAt),
        casesTotal: result.cases.length,
        finishedAt: new Date(),
      })
      .returning();
    if (!run) throw new Error("The suite run was not stored.");
    if (result.cases.length > 0)
      await tx
        .insert(evalCaseResults)
        .values(result.cases.map((c) => caseResultRow(actor.tenantId, run.id, caseIds, c)));
    await recordAudit(tx, actor, {
      action: "eval_suite.run_recorded",
      targetType: "eval_suite",
      targetId: suite.id,
      details: { name: suite.name, passed: result.passed, failed: result.failed, regressions: found.length },
    });
    return run;
  });
}

/** The tenant's suites with their case count and their latest run. */
export async function listSuites(db: DbOrTx, actor: Actor) {
  assertScope(actor, "evals:read");
  const cases = db
    .select({ suiteId: evalCases.suiteId, cases: count().as("cases") })
    .from(evalCases)
    .where(eq(evalCases.tenantId, actor.tenantId))
    .groupBy(evalCases.suiteId)
    .as("case_counts");
  const latest = db
    .selectDistinctOn([evalSuiteRuns.suiteId])
    .from(evalSuiteRuns)
    .where(and(eq(evalSuiteRuns.tenantId, actor.tenantId), eq(evalSuiteRuns.status, "finished")))
    .orderBy(evalSuiteRuns.suiteId, desc(evalSuiteRuns.startedAt))
    .as("latest");
  return db
    .select({
      id: evalSuites.id,
      name: evalSuites.name,
      description: evalSuites.description,
      updatedAt: evalSuites.updatedAt,
      cases: sql<number>`coalesce(${cases.cases}, 0)`.mapWith(Number),
      lastRun: {
        startedAt: latest.startedAt,
        passed: latest.passed,
        failed: latest.failed,
        costUsd: latest.costUsd,
      },
    })
    .from(evalSuites)
    .leftJoin(cases, eq(cases.suiteId, evalSuites.id))
    .leftJoin(latest, eq(latest.suiteId, evalSuites.id))
    .where(eq(evalSuites.tenantId, actor.tenantId))
    .orderBy(evalSuites.name);
}

/** A suite's newest runs, each with the cases it has finished so far (its progress while it runs). */
export async function suiteRuns(db: DbOrTx, actor: Actor, suiteId: string, limit = 50) {
  assertScope(actor, "evals:read");
  const done = db
    .select({ suiteRunId: evalCaseResults.suiteRunId, n: count().as("n") })
    .from(evalCaseResults)
    .where(eq(evalCaseResults.tenantId, actor.tenantId))
    .groupBy(evalCaseResults.suiteRunId)
    .as("done");
  const rows = await db
    .select({ run: evalSuiteRuns, casesDone: sql<number>`coalesce(${done.n}, 0)`.mapWith(Number) })
    .from(evalSuiteRuns)
    .leftJoin(done, eq(done.suiteRunId, evalSuiteRuns.id))
    .where(and(eq(evalSuiteRuns.tenantId, actor.tenantId), eq(evalSuiteRuns.suiteId, suiteId)))
    .orderBy(desc(evalSuiteRuns.createdAt))
    .limit(limit);
  return rows.map(({ run, casesDone }) => ({ ...run, casesDone }));
}

export type SuiteRunListed = Awaited<ReturnType<typeof suiteRuns>>[number];

/** A case of the tenant and its result in each suite run, newest first. */
export async function caseHistory(db: DbOrTx, actor: Actor, caseId: string) {
  assertScope(actor, "evals:read");
  const [found] = /^[0-9a-f-]{36}$/i.test(caseId)
    ? await db
        .select()
        .from(evalCases)
        .where(and(eq(evalCases.tenantId, actor.tenantId), eq(evalCases.id, caseId)))
    : [];
  if (!found) throw new AppError("not_found", "No such eval case in this tenant.");
  const results = await db
    .select({ result: evalCaseResults, startedAt: evalSuiteRuns.startedAt })
    .from(evalCaseResults)
    .innerJoin(evalSuiteRuns, eq(evalSuiteRuns.id, evalCaseResults.suiteRunId))
    .where(and(eq(evalCaseResults.tenantId, actor.tenantId), eq(evalCaseResults.caseId, found.id)))
    .orderBy(desc(evalSuiteRuns.startedAt))
    .limit(100);
  const redactor = await redactorFor(db, actor);
  if (!redactor) return { testCase: found, results };
  return {
    testCase: { ...found, definition: redactDefinition(found.definition, redactor) },
    results: results.map((r) => ({ ...r, result: redactResult(r.result, redactor) })),
  };
}

/** Each case's result in the suite's latest run that ran it. */
export async function latestResults(db: DbOrTx, actor: Actor, suiteId: string) {
  assertScope(actor, "evals:read");
  const rows = await db
    .selectDistinctOn([evalCaseResults.caseId], {
      result: evalCaseResults,
      startedAt: evalSuiteRuns.startedAt,
    })
    .from(evalCaseResults)
    .innerJoin(evalSuiteRuns, eq(evalSuiteRuns.id, evalCaseResults.suiteRunId))
    .where(and(eq(evalSuiteRuns.tenantId, actor.tenantId), eq(evalSuiteRuns.suiteId, suiteId)))
    .orderBy(evalCaseResults.caseId, desc(evalSuiteRuns.startedAt));
  const redactor = await redactorFor(db, actor);
  return redactor ? rows.map((r) => ({ ...r, result: redactResult(r.result, redactor) })) : rows;
}
