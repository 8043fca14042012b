import type { ProposedToolCall, Run } from "@/db/schema";
import { getTool } from "@/lib/tools/registry";
import type { AnyTool } from "@/lib/tools/types";
import { cancelApproval } from "./cancel-approval";
import type { EngineConfig } from "./engine-config";
import type { RunGuard } from "./kill-guard";
import {
  approvedArgs,
  fileReconcileForEndedRun,
  type ParkRequest,
  parkRun,
  requestNamesCall,
} from "./park-run";
import type { RunEnding } from "./persist-step";
import type { Gate } from "./policy-gate";
import type { RunState } from "./run-state";
import { PARKED } from "./step-outcome";

/** Stores the approval request and releases the run; a kill that raced the parking still ends it. */
export async function parkForApproval(
  config: EngineConfig,
  run: Run,
  state: RunState,
  guard: RunGuard,
  parked: { call: ProposedToolCall; seq: number; tool: AnyTool; gate: Extract<Gate, { kind: "park" }> },
): Promise<RunEnding | typeof PARKED> {
  const { decision, span } = parked.gate;
  const args = parked.call.input as Record<string, unknown>;
  const approvalId = await parkRun(config.db, {
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: state.seq },
    agentName: run.agentName,
    seq: parked.seq,
    toolCallId: parked.call.toolCallId,
    toolName: parked.tool.name,
    risk: parked.tool.risk(args),
    args,
    provenance: decision.provenance,
    policyIds: decision.policyIds,
    policyVersion: decision.version,
    reason: state.lastModelText,
    expiresMinutes: decision.expiresMinutes,
    span,
  });
  return afterParking(config, guard, approvalId);
}

/** Files the agent's question in the inbox and releases the run; a kill that raced the parking still ends it. */
export async function parkForQuestion(
  config: EngineConfig,
  run: Run,
  state: RunState,
  guard: RunGuard,
  asked: { call: ProposedToolCall; seq: number; tool: AnyTool; args: Record<string, unknown> },
): Promise<RunEnding | typeof PARKED> {
  const questionId = await parkRun(config.db, {
    kind: "question",
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: state.seq },
    agentName: run.agentName,
    seq: asked.seq,
    toolCallId: asked.call.toolCallId,
    toolName: asked.tool.name,
    risk: "read",
    args: asked.args,
    provenance: {},
    policyIds: [],
    policyVersion: 0,
    reason: state.lastModelText,
    // As long as an approval no policy statement gives a time to.
    expiresMinutes: null,
  });
  return afterParking(config, guard, questionId);
}

async function afterParking(
  config: EngineConfig,
  guard: RunGuard,
  requestId: string,
): Promise<RunEnding | typeof PARKED> {
  const killed = guard.check();
  if (!killed) return PARKED;
  await cancelApproval(config.db, requestId, killed.error ?? "The run was stopped.");
  return killed;
}

/**
 * A write call that started before a crash and has no committed result: an idempotent tool is
 * simply retried with the same key (it cannot double the effect); anything else must not be
 * re-executed blindly, so the run ends for a person to check.
 */
export function checkInterruptedToolCall(run: Run, state: RunState): "reconcile" | null {
  const pending = run.pendingToolCall;
  if (!pending || pending.seq <= state.seq) return null;
  if (getTool(pending.toolName, run.tenantId)?.idempotent) return null;
  // A person already settled it (done, retry or abandon): the gate acts on their decision. An
  // approval of the call before it ran settles nothing about what it did once interrupted, nor
  // does a retry once it started: marking a call started drops every other decision from the run,
  // and a reconcile's too (see runAllowedCall), so what is left here is about this very call.
  const parked = run.approval;
  const settled =
    parked?.kind === "reconcile" &&
    parked.status !== "pending" &&
    requestNamesCall(parked.toolCallId, pending.toolCallId);
  return settled ? null : "reconcile";
}

/** Parks the run on a call whose outcome is unknown, for a person to reconcile in the inbox. */
export async function parkForReconcile(
  config: EngineConfig,
  run: Run,
  state: RunState,
): Promise<typeof PARKED> {
  await parkRun(
    config.db,
    await reconcileRequest(
      config,
      run,
      state,
      "started before an interruption and its outcome is unknown. Check whether it happened: mark it done, retry it, or abandon the run.",
    ),
  );
  return PARKED;
}

/** A kill stopped a write that did not settle: the run ends, and a person records what the call did. */
export async function reconcileAfterKill(config: EngineConfig, run: Run, state: RunState): Promise<void> {
  await fileReconcileForEndedRun(
    config.db,
    await reconcileRequest(
      config,
      run,
      state,
      "was in flight when the run was killed, and its outcome is unknown. Check whether it happened: mark it done if it did, reject if it did not. The run stays killed.",
    ),
    true,
  );
}

/**
 * The request to reconcile the interrupted call, with the arguments it ran with: those a person
 * approved (or edited) for it, else the model's. Retried or marked done, it is these that count.
 */
async function reconcileRequest(
  config: EngineConfig,
  run: Run,
  state: RunState,
  why: string,
): Promise<ParkRequest> {
  const pending = run.pendingToolCall;
  const call = state.nextToolCall();
  if (!pending || !call) throw new Error("No interrupted call to reconcile.");
  const args = (await approvedArgs(config.db, run.id, pending)) ?? (call.input as Record<string, unknown>);
  return {
    kind: "reconcile",
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: state.seq },
    agentName: run.agentName,
    seq: pending.seq,
    toolCallId: pending.toolCallId,
    toolName: pending.toolName,
    risk: getTool(pending.toolName, run.tenantId)?.risk(args) ?? "write",
    args,
    provenance: {},
    policyIds: [],
    policyVersion: 0,
    reason: `${pending.toolName} ${why}`,
    expiresMinutes: RECONCILE_MINUTES,
  };
}

// Nobody may be around at night: a reconcile request waits a week before the run gives up.
const RECONCILE_MINUTES = 7 * 24 * 60;
