import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  type AgentSnapshot,
  gateCalls,
  type Run,
  runSteps,
  runs,
  TERMINAL_STATUSES,
  type ToolStepPayload,
} from "@/db/schema";
import type { TenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { AppError } from "@/lib/errors";
import { isHold } from "@/lib/kill/coverage";
import { killMessage } from "@/lib/kill/killed-error";
import { switchOverRun } from "@/lib/kill/queries";
import type { RunEnding } from "@/lib/runtime/persist-step";
import { tenantBudgetEnding, unpricedBudgetEnding } from "@/lib/runtime/run-budget";
import type { Evidence } from "@/lib/tools/provenance";
import type { GateDecision } from "./schemas";

const uuidFormat = z.uuid();
/** Whether an id from a path can be a row's id at all (anything else is no such run or call). */
export const isUuid = (id: string) => uuidFormat.safeParse(id).success;

const gateRunById = preparedQuery((db) =>
  db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.id, sql.placeholder("runId")),
        eq(runs.tenantId, sql.placeholder("tenantId")),
        eq(runs.source, "gate"),
      ),
    )
    .prepare("gate_run_by_id"),
);

/** The tenant's gate run, read without a lock (a first look before the locked decision). */
export async function loadGateRun(db: Db, tenantId: string, runId: string): Promise<Run> {
  if (!isUuid(runId)) throw noSuchRun();
  const [run] = await gateRunById(db).execute({ runId, tenantId });
  if (!run) throw noSuchRun();
  return run;
}

export const noSuchRun = () => new AppError("not_found", "There is no such gate run in this tenant.");

const BUDGET_REASONS = new Set(["budget_steps", "budget_cost", "budget_tokens", "budget_time"]);

/**
 * What the gate answers any call of a run that cannot take one now: ended (killed, out of budget,
 * or finished) or held by a pause. Null when the run takes calls.
 */
export function stoppedDecision(run: Run): GateDecision | null {
  if (run.status === "paused")
    return {
      decision: "paused",
      message: "The agent is paused: ask again after it is resumed.",
      retry_after: 5,
    };
  if (!(TERMINAL_STATUSES as readonly string[]).includes(run.status)) return null;
  if (run.status === "killed") return { decision: "killed", message: run.error ?? "The run was stopped." };
  if (run.stopReason && BUDGET_REASONS.has(run.stopReason))
    return { decision: "budget_exhausted", message: run.error ?? "The run's budget is used up." };
  throw new AppError(
    "conflict",
    `The run has ended (${run.status}${run.stopReason ? `, ${run.stopReason}` : ""}): it takes no more calls.`,
    { details: { status: run.status, stop_reason: run.stopReason } },
  );
}

/**
 * What the gate answers while an engaged kill switch covers the run, whatever its status says (a
 * status can lag a switch: a decision or a release elsewhere may have set it running). A pause, a
 * freeze or a take-over holds the run (`paused`); any other switch stops it (`killed`). Null when
 * no switch covers it, or the run has ended. The same coverage as the engine's (lib/kill/coverage.ts).
 */
export async function switchOver(db: DbOrTx, run: Run): Promise<GateDecision | null> {
  if ((TERMINAL_STATUSES as readonly string[]).includes(run.status)) return null;
  const killSwitch = await switchOverRun(db, run);
  if (!killSwitch) return null;
  if (!isHold(killSwitch)) return { decision: "killed", message: killMessage(killSwitch) };
  return {
    decision: "paused",
    message: `Paused by ${killSwitch.engagedBy}: ${killSwitch.reason}. Ask again after it is released.`,
    retry_after: 5,
  };
}

/**
 * The run's own limits and its tenant's daily budget, checked before a call: the ending when one
 * is used up. Tool calls count every call asked, so calls in flight at once cannot pass the limit.
 */
export function budgetEnding(
  run: Run,
  agent: AgentSnapshot,
  callsAsked: number,
  tenant: TenantBudgetToday | null,
  now = Date.now(),
): RunEnding | null {
  const stop = (stopReason: RunEnding["stopReason"], error: string): RunEnding => ({
    status: "stopped",
    stopReason,
    error,
  });
  const started = (run.startedAt ?? run.createdAt).getTime();
  if (now > started + agent.maxSeconds * 1000 + run.approvalWaitMs)
    return stop("budget_time", `Time budget: the run's ${agent.maxSeconds} s are up.`);
  if (run.lastSeq >= agent.maxSteps)
    return stop("budget_steps", `Step budget: all ${agent.maxSteps} steps used.`);
  if (agent.maxToolCalls != null && callsAsked >= agent.maxToolCalls)
    return stop("budget_steps", `Tool-call budget: all ${agent.maxToolCalls} tool calls used.`);
  const tokens = run.inputTokens + run.outputTokens;
  if (agent.maxTokens != null && tokens >= agent.maxTokens)
    return stop(
      "budget_tokens",
      `Token budget: ${tokens.toLocaleString("en-US")} of ${agent.maxTokens.toLocaleString("en-US")} tokens used.`,
    );
  if (agent.maxCostUsd != null && (run.costUsd ?? 0) >= agent.maxCostUsd)
    return stop(
      "budget_cost",
      `Cost budget: $${(run.costUsd ?? 0).toFixed(4)} of $${agent.maxCostUsd.toFixed(4)} spent.`,
    );
  if (tenant && tenant.spentUsd + tenant.reservedUsd >= tenant.budgetUsd) return tenantBudgetEnding(tenant);
  if (
    tenant?.unpricedTokens != null &&
    run.costUsd === null &&
    tenant.spentTokens + tenant.reservedTokens >= tenant.unpricedTokens
  )
    return unpricedBudgetEnding({ ...tenant, budgetTokens: tenant.unpricedTokens });
  return null;
}

/** How many calls the run has asked so far (of the locked run: no call is asked meanwhile). */
export async function callsAskedOf(db: DbOrTx, runId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(gateCalls)
    .where(eq(gateCalls.runId, runId));
  return row?.n ?? 0;
}

type KnownEvidence = { seq: number; evidence: Evidence };

// Per run, what this process read of its evidence so far: a run's steps never change once committed,
// so each ask reads only the steps after the last one it saw (none, when this process wrote them).
const knownEvidence = new Map<string, KnownEvidence>();
const MAX_KNOWN_RUNS = 10_000;

/** A step this process committed to the run: its evidence is known without reading it back. */
export function rememberStep(runId: string, seq: number, payload: ToolStepPayload | null): void {
  const known = knownEvidence.get(runId);
  if (!known || known.seq !== seq - 1) return;
  if (payload?.status === "ok")
    known.evidence.results.push({ toolName: payload.toolName, value: payload.result });
  known.seq = seq;
}

/** The goal and the successful results so far: where policy traces an argument's provenance from. */
export async function evidenceOf(db: DbOrTx, run: Run): Promise<Evidence> {
  const known = knownEvidence.get(run.id) ?? { seq: 0, evidence: { goal: run.input, results: [] } };
  if (known.seq < run.lastSeq) {
    const steps = await db
      .select({ seq: runSteps.seq, payload: runSteps.payload })
      .from(runSteps)
      .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "tool"), gt(runSteps.seq, known.seq)))
      .orderBy(asc(runSteps.seq));
    for (const { payload } of steps) {
      const tool = payload as ToolStepPayload;
      if (tool.status === "ok") known.evidence.results.push({ toolName: tool.toolName, value: tool.result });
    }
    known.seq = run.lastSeq;
  }
  if (knownEvidence.size >= MAX_KNOWN_RUNS) knownEvidence.delete(knownEvidence.keys().next().value as string);
  knownEvidence.delete(run.id);
  knownEvidence.set(run.id, known);
  return known.evidence;
}
