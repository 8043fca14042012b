import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  type Approval,
  type ApprovalRecord,
  approvals,
  type GateCall,
  gateCalls,
  type Run,
  runs,
} from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { APPROVALS_CHANNEL } from "@/lib/engine-events/approvals-channel";
import { wakeableNap } from "@/lib/engine-events/nap";
import { AppError } from "@/lib/errors";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import type { RunEnding } from "@/lib/runtime/persist-step";
import { isUuid, loadGateRun, switchOver } from "./gate-run";
import { approvalRecordOf, refusedCallStep } from "./gate-spans";
import { appendGateStep, type GateWork, withGateRun } from "./gate-step";
import type { GateDecision } from "./schemas";

/** The longest a caller may wait on one request for a person's decision. */
export const MAX_WAIT_SECONDS = 60;

/** The tenant's call of that gate run. */
export async function loadGateCall(
  db: Db | Tx,
  tenantId: string,
  runId: string,
  callId: string,
): Promise<GateCall> {
  const valid = isUuid(callId) && isUuid(runId);
  const [call] = valid
    ? await db
        .select()
        .from(gateCalls)
        .where(and(eq(gateCalls.id, callId), eq(gateCalls.runId, runId), eq(gateCalls.tenantId, tenantId)))
    : [];
  if (!call) throw new AppError("not_found", "There is no such call of this gate run.");
  return call;
}

/**
 * Where a call stands, waiting up to `waitSeconds` while it waits for a person. A decision made in
 * the inbox is applied here (the call may then be made with the arguments the person approved, or
 * it is recorded as rejected); a kill cancels the request and the answer is `killed`. An approval
 * while a pause or freeze holds the run answers `paused`: the call is allowed after the release.
 */
export async function gateCallState(
  db: Db,
  actor: Actor,
  runId: string,
  callId: string,
  waitSeconds: number,
): Promise<GateDecision> {
  assertScope(actor, "runs:start");
  const deadline = Date.now() + Math.min(Math.max(0, waitSeconds), MAX_WAIT_SECONDS) * 1000;
  const nap = wakeableNap();
  // A decision, expiry or cancellation anywhere in the tenant wakes the wait at once.
  const listening = db.$client
    .listen(APPROVALS_CHANNEL, (tenantId) => {
      if (tenantId === actor.tenantId) nap.wake();
    })
    .catch(() => null);
  try {
    for (;;) {
      const call = await loadGateCall(db, actor.tenantId, runId, callId);
      if (call.status !== "pending") return decisionOf(db, call);
      const approval = call.approvalId ? await loadApproval(db, call.approvalId) : undefined;
      if (approval && approval.status !== "pending") {
        const held =
          approval.status === "approved"
            ? await switchOver(db, await loadGateRun(db, actor.tenantId, runId))
            : null;
        if (held) return { ...held, call_id: call.id };
        return decisionOf(db, await settle(db, actor, call, approval));
      }
      const left = deadline - Date.now();
      if (left <= 0) return decisionOf(db, call);
      await nap.sleep(Math.min(left, 1_000));
    }
  } finally {
    await listening.then((l) => l?.unlisten()).catch(() => {});
  }
}

async function loadApproval(db: Db, id: string): Promise<Approval | undefined> {
  const [row] = await db.select().from(approvals).where(eq(approvals.id, id));
  return row;
}

/** Applies a person's decision to the pending call, once (under the run's lock). */
async function settle(db: Db, actor: Actor, call: GateCall, approval: Approval): Promise<GateCall> {
  return withGateRun(db, actor.tenantId, call.runId, async (tx, run, work) => {
    const [current] = await tx.select().from(gateCalls).where(eq(gateCalls.id, call.id));
    if (current?.status !== "pending") return current ?? call;
    const record = approvalRecordOf(approval);
    if (approval.status === "approved")
      return update(tx, current, {
        status: "allowed",
        args: approval.editedArgs ?? current.args,
        decidedAt: approval.decidedAt ?? new Date(),
        message: null,
      });
    if (approval.status === "cancelled")
      return update(tx, current, { status: "cancelled", message: run.error ?? approval.comment });
    const expired = approval.status === "expired";
    const minutes = Math.round(record.waitedMs / 60_000);
    const message = expired
      ? `Nobody decided on ${current.toolName} within ${minutes} minute${minutes === 1 ? "" : "s"}: the request expired.`
      : `Rejected by ${record.decidedBy}${record.comment ? `: ${record.comment}` : "."}`;
    const ending = await rejectionEnding(tx, run, current, expired, message);
    const seq = await appendRejection(tx, run, work, current, message, expired ? undefined : record, ending);
    return update(tx, current, {
      status: expired ? "expired" : "rejected",
      message,
      seq,
      decidedAt: new Date(),
    });
  });
}

/** As for Flightdeck's own runs: an expired request ends the run, a rejection does when the agent says so. */
async function rejectionEnding(
  tx: Tx,
  run: Run,
  call: GateCall,
  expired: boolean,
  message: string,
): Promise<RunEnding | undefined> {
  if ((["killed", "stopped", "failed", "succeeded", "unverified"] as string[]).includes(run.status))
    return undefined;
  if (expired) return { status: "stopped", stopReason: "approval_expired", error: message };
  const agent = await agentSnapshotOf(tx, run.tenantId, run.agentSnapshotHash);
  if (agent.onReject !== "end") return undefined;
  return { status: "stopped", stopReason: "approval_rejected", error: `${call.toolName}: ${message}` };
}

async function appendRejection(
  tx: Tx,
  run: Run,
  work: GateWork,
  call: GateCall,
  message: string,
  approval: ApprovalRecord | undefined,
  ending: RunEnding | undefined,
): Promise<number> {
  return appendGateStep(
    tx,
    run,
    refusedCallStep(run, { ...call, status: "rejected", message, approval, ending }),
    work,
  );
}

async function update(tx: Tx, call: GateCall, set: Partial<GateCall>): Promise<GateCall> {
  const [row] = await tx.update(gateCalls).set(set).where(eq(gateCalls.id, call.id)).returning();
  return row ?? call;
}

/** What the gate answers about a call in this state. */
async function decisionOf(db: Db, call: GateCall): Promise<GateDecision> {
  const base = { call_id: call.id };
  switch (call.status) {
    case "allowed":
    case "done":
    case "failed":
      return { ...base, decision: "allow", idempotency_key: call.idempotencyKey, args: call.args };
    case "pending":
      return {
        ...base,
        decision: "pending",
        approval_id: call.approvalId ?? undefined,
        message: `${call.toolName} waits for a person's approval.`,
        retry_after: 2,
      };
    case "cancelled": {
      const [run] = await db.select({ error: runs.error }).from(runs).where(eq(runs.id, call.runId));
      return { ...base, decision: "killed", message: run?.error ?? call.message ?? "The run was stopped." };
    }
    default:
      return { ...base, decision: "deny", message: call.message ?? `${call.toolName} must not be called.` };
  }
}
