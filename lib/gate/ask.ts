import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { gateCalls, type PolicyRecord, type Run, runs } from "@/db/schema";
import { storeRequest } from "@/lib/approvals/park-run";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { tenantHasBudget } from "@/lib/budgets/tenant-ledger";
import { AppError } from "@/lib/errors";
import { CedarRestartedError, isCedarFault, restartCedar } from "@/lib/policy/cedar-engine";
import type { CompiledPolicy } from "@/lib/policy/compile";
import type { RecordedDecision } from "@/lib/policy/decide-call";
import { decideCall } from "@/lib/policy/decide-call";
import { policyCache } from "@/lib/policy/store";
import { agentSnapshotOf } from "@/lib/runs/agent-snapshots";
import { policyRecord } from "@/lib/runtime/policy-gate";
import { SECURITY_ATTEMPT_LIMIT } from "@/lib/runtime/security-attempts";
import { prepareToolCall } from "@/lib/runtime/tool-step";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import type { AnyTool } from "@/lib/tools/types";
import { budgetEnding, callsAskedOf, evidenceOf, loadGateRun, stoppedDecision } from "./gate-run";
import { refusedCallStep } from "./gate-spans";
import { appendGateStep, endGateRun, type GateWork, withGateRun } from "./gate-step";
import type { GateDecision, gateCallSchema } from "./schemas";

type CallInput = z.output<typeof gateCallSchema>;

/** How long the agent should wait before asking about a pending call again. */
const PENDING_RETRY_SECONDS = 2;

/**
 * An agent that runs elsewhere asks before a tool call: the run's state, its budgets, the tool's
 * schema and the tenant's policy decide, exactly as for Flightdeck's own runs. A refusal is recorded
 * as a step of the run (the model reads its message); an allowed call waits for its result; a call
 * that needs a person is filed in the approval inbox.
 */
export async function askGate(
  db: Db,
  actor: Actor,
  runId: string,
  input: CallInput,
  appBaseUrl: string,
): Promise<GateDecision> {
  assertScope(actor, "runs:start");
  // Read before the transaction: inside it nothing may wait for another pooled connection (calls
  // holding every connection would wait on each other). Cache hits, mostly.
  await loadTenantTools(db, actor.tenantId);
  const [compiled, budgeted] = await Promise.all([
    policyCache(db).active(actor.tenantId),
    tenantHasBudget(db.$client, actor.tenantId),
  ]);
  // All under the run's lock, in one transaction: the calls of one run are decided one at a time
  // (budgets, evidence and step numbers never race), and a decision costs a handful of statements.
  const answer = await withGateRun(db, actor.tenantId, runId, async (tx, run, work) => {
    const stopped = stoppedDecision(run);
    if (stopped) return stopped;
    const agent = await agentSnapshotOf(tx, run.tenantId, run.agentSnapshotHash);
    const tenantBudget = budgeted ? await tenantBudgetToday(tx, run.tenantId) : null;
    const asked = agent.maxToolCalls == null ? 0 : await callsAskedOf(tx, run.id);
    const ending = budgetEnding(run, agent, asked, tenantBudget);
    if (ending) {
      await endGateRun(tx, run, ending, work);
      return { decision: "budget_exhausted" as const, message: ending.error ?? undefined };
    }
    const call = { toolCallId: randomUUID(), toolName: input.tool, input: input.args };
    const prepared = prepareToolCall(call, agent.tools, actor.tenantId);
    const idempotencyKey = `${run.id}:gate:${call.toolCallId}`;
    const base = { id: call.toolCallId, tenantId: run.tenantId, runId: run.id, idempotencyKey };
    if (!prepared.ok) {
      await refuse(tx, run, work, {
        call: { ...base, toolName: input.tool, args: input.args, reason: input.reason ?? null },
        status: prepared.status,
        message: prepared.error,
      });
      return { decision: "deny" as const, call_id: call.toolCallId, message: prepared.error };
    }
    const args = prepared.args as Record<string, unknown>;
    const decision = await decide(tx, compiled, run, prepared.tool, args, input, appBaseUrl, db);
    const row = {
      ...base,
      toolName: prepared.tool.name,
      args,
      reason: input.reason ?? null,
      policy: policyRecord(decision),
    };
    if (decision.effect === "allow") {
      await tx.insert(gateCalls).values({ ...row, status: "allowed", decidedAt: new Date() });
      return { decision: "allow" as const, call_id: call.toolCallId, idempotency_key: idempotencyKey, args };
    }
    if (decision.effect === "deny") {
      await refuse(tx, run, work, { call: row, status: "denied", message: decision.message });
      return { decision: "deny" as const, call_id: call.toolCallId, message: decision.message };
    }
    const approvalId = await fileApproval(tx, run, { ...row, tool: prepared.tool, decision });
    work.approvals = true;
    return {
      decision: "pending" as const,
      call_id: call.toolCallId,
      approval_id: approvalId,
      message: `${prepared.tool.name} waits for a person's approval: ${decision.message}`,
      retry_after: PENDING_RETRY_SECONDS,
    };
  });
  return answer;
}

/** The tenant's policy decides, with facts read through the run's transaction. */
async function decide(
  tx: Tx,
  policy: CompiledPolicy,
  run: Run,
  tool: AnyTool,
  args: Record<string, unknown>,
  input: CallInput,
  appBaseUrl: string,
  db: Db,
): Promise<RecordedDecision> {
  const untrustedArgs = Object.entries(input.provenance ?? {})
    .filter(([, source]) => source === "untrusted")
    .map(([name]) => name);
  try {
    return await decideCall(policy, {
      db,
      factsDb: tx,
      tenantId: run.tenantId,
      agentName: run.agentName,
      tool,
      args,
      evidence: await evidenceOf(tx, run),
      appBaseUrl,
      untrustedArgs,
    });
  } catch (error) {
    if (!(error instanceof CedarRestartedError) && !isCedarFault(error)) throw error;
    if (isCedarFault(error)) restartCedar();
    // No decision is never an allow: the agent asks again, and the restarted engine decides.
    throw new AppError(
      "unavailable",
      "The policy engine could not decide the call: nothing was allowed. Ask again in a moment.",
    );
  }
}

type CallRow = {
  id: string;
  tenantId: string;
  runId: string;
  idempotencyKey: string;
  toolName: string;
  args: Record<string, unknown>;
  reason: string | null;
  policy?: PolicyRecord;
};

/** Records a refused call as a step the model reads; enough out-of-bounds calls end the run. */
async function refuse(
  tx: Tx,
  run: Run,
  work: GateWork,
  refusal: {
    call: CallRow;
    status: "denied" | "invalid" | "unknown_tool";
    message: string;
  },
): Promise<number> {
  const { call, status, message } = refusal;
  const now = new Date();
  const outOfBounds = status !== "invalid";
  const ending =
    outOfBounds && run.securityAttempts + 1 >= SECURITY_ATTEMPT_LIMIT
      ? {
          status: "stopped" as const,
          stopReason: "policy_denied" as const,
          error: `The envelope refused ${SECURITY_ATTEMPT_LIMIT} out-of-bounds calls in this run; the last: ${call.toolName} — ${message}`,
        }
      : undefined;
  const seq = await appendGateStep(
    tx,
    run,
    refusedCallStep(run, { ...call, status, message, decidedAt: now, createdAt: now, ending }),
    work,
  );
  await tx.insert(gateCalls).values({
    ...call,
    status: "denied",
    message,
    seq,
    decidedAt: now,
  });
  return seq;
}

/** Files the call in the approval inbox; the run shows as waiting while any call of it waits. */
async function fileApproval(
  tx: Tx,
  run: Run,
  call: CallRow & { tool: AnyTool; decision: RecordedDecision },
): Promise<string> {
  const { decision, tool } = call;
  const approvalId = await storeRequest(tx, {
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: run.lastSeq },
    agentName: run.agentName,
    seq: run.lastSeq + 1,
    toolCallId: call.id,
    toolName: tool.name,
    risk: tool.risk(call.args),
    args: call.args,
    provenance: decision.provenance,
    policyIds: decision.policyIds,
    policyVersion: decision.version,
    reason: call.reason ?? "",
    expiresMinutes: decision.expiresMinutes,
  });
  const { tool: _tool, decision: _decision, ...row } = call;
  await tx.insert(gateCalls).values({ ...row, status: "pending", approvalId, message: decision.message });
  await tx.update(runs).set({ status: "waiting_approval" }).where(eq(runs.id, run.id));
  return approvalId;
}
