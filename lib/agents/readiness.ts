import { and, desc, eq, exists } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { agentReadinessGates, agents, evalCaseResults, evalSuiteRuns, evalSuites } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { parseAgentId } from "./queries";

// A readiness gate: an agent with one may go live (and, later, have a version promoted) only when the
// gate's suite, run against exactly that version, passed every case.

export type Readiness = {
  suite: { id: string; name: string };
  /** The version this result is about. */
  version: number;
  state: "passed" | "failed" | "never_run";
  /** The suite's latest finished run that ran a case against this version, if any. */
  lastRun: { id: string; passed: number; failed: number; finishedAt: Date } | null;
};

/**
 * The gate of the tenant's agent and where it stands for `version`; null when the agent has none (or
 * is not the tenant's).
 */
export async function readinessOf(
  db: DbOrTx,
  tenantId: string,
  agentId: string,
  version: number,
): Promise<Readiness | null> {
  const [gate] = await db
    .select({ suiteId: evalSuites.id, suiteName: evalSuites.name, agentName: agents.name })
    .from(agentReadinessGates)
    .innerJoin(evalSuites, eq(evalSuites.id, agentReadinessGates.suiteId))
    .innerJoin(agents, eq(agents.id, agentReadinessGates.agentId))
    .where(
      and(
        eq(agentReadinessGates.tenantId, tenantId),
        eq(agentReadinessGates.agentId, agentId),
        eq(agents.tenantId, tenantId),
      ),
    );
  if (!gate) return null;
  const [run] = await db
    .select({
      id: evalSuiteRuns.id,
      passed: evalSuiteRuns.passed,
      failed: evalSuiteRuns.failed,
      finishedAt: evalSuiteRuns.finishedAt,
      startedAt: evalSuiteRuns.startedAt,
    })
    .from(evalSuiteRuns)
    .where(
      and(
        eq(evalSuiteRuns.tenantId, tenantId),
        eq(evalSuiteRuns.suiteId, gate.suiteId),
        eq(evalSuiteRuns.status, "finished"),
        exists(
          db
            .select({ one: evalCaseResults.id })
            .from(evalCaseResults)
            .where(
              and(
                eq(evalCaseResults.suiteRunId, evalSuiteRuns.id),
                eq(evalCaseResults.agentName, gate.agentName),
                eq(evalCaseResults.agentVersion, version),
              ),
            ),
        ),
      ),
    )
    .orderBy(desc(evalSuiteRuns.startedAt))
    .limit(1);
  return {
    suite: { id: gate.suiteId, name: gate.suiteName },
    version,
    state: !run ? "never_run" : run.failed === 0 && run.passed > 0 ? "passed" : "failed",
    lastRun: run
      ? { id: run.id, passed: run.passed, failed: run.failed, finishedAt: run.finishedAt ?? run.startedAt }
      : null,
  };
}

/** Why the gate stops the action, or null when it does not. */
export function refusal(readiness: Readiness | null, action: string): string | null {
  if (!readiness || readiness.state === "passed") return null;
  const { suite, version, lastRun } = readiness;
  return readiness.state === "never_run"
    ? `Cannot ${action}: its readiness suite ${suite.name} has no finished run against version ${version}. Run the suite, then try again.`
    : `Cannot ${action}: its readiness suite ${suite.name} failed ${lastRun?.failed} of ${(lastRun?.passed ?? 0) + (lastRun?.failed ?? 0)} cases against version ${version} in its latest run.`;
}

/**
 * The readiness check other use cases call before an agent's version acts for real (going live,
 * promoting a rollout candidate). `action` completes "Cannot …", e.g. "switch support-triage to live".
 * Passes (returning the gate, or null when the agent has none) when the gate's suite's latest finished
 * run against `version` passed every case; otherwise throws AppError("conflict") with the reason.
 */
export async function assertReady(
  db: DbOrTx,
  tenantId: string,
  agentId: string,
  version: number,
  action: string,
): Promise<Readiness | null> {
  const readiness = await readinessOf(db, tenantId, agentId, version);
  const reason = refusal(readiness, action);
  if (reason) throw new AppError("conflict", reason, { details: { readiness } });
  return readiness;
}

/** The tenant's suite of that name (read here: lib/evals already depends on lib/agents). */
async function tenantSuite(db: DbOrTx, tenantId: string, name: string) {
  const [suite] = await db
    .select({ id: evalSuites.id, name: evalSuites.name })
    .from(evalSuites)
    .where(and(eq(evalSuites.tenantId, tenantId), eq(evalSuites.name, name)));
  if (!suite) throw new AppError("not_found", `No eval suite named "${name}" in this tenant.`);
  return suite;
}

/** Sets (a suite name) or removes (null) the agent's readiness gate. Admins; audited. */
export async function setReadinessGate(db: Db, actor: Actor, agentId: string, suiteName: string | null) {
  assertScope(actor, "agents:write");
  const id = parseAgentId(agentId);
  const suite = suiteName === null ? null : await tenantSuite(db, actor.tenantId, suiteName);
  return db.transaction(async (tx) => {
    const [agent] = await tx
      .select({ id: agents.id, name: agents.name, version: agents.version })
      .from(agents)
      .where(and(eq(agents.id, id), eq(agents.tenantId, actor.tenantId)))
      .for("update");
    if (!agent) throw new AppError("not_found", "No agent with that id in this tenant.");
    if (suite)
      await tx
        .insert(agentReadinessGates)
        .values({ agentId: agent.id, tenantId: actor.tenantId, suiteId: suite.id, setBy: actor.label })
        .onConflictDoUpdate({
          target: agentReadinessGates.agentId,
          set: { suiteId: suite.id, setBy: actor.label, setAt: new Date() },
        });
    else await tx.delete(agentReadinessGates).where(eq(agentReadinessGates.agentId, agent.id));
    await recordAudit(tx, actor, {
      action: suite ? "agent.readiness_gate_set" : "agent.readiness_gate_removed",
      targetType: "agent",
      targetId: agent.id,
      details: { agent: agent.name, ...(suite && { suite: suite.name }) },
    });
    return readinessOf(tx, actor.tenantId, agent.id, agent.version);
  });
}
