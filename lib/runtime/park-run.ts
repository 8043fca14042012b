import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type ApprovalKind, approvals, type Provenance, type RunApproval, runs, spans } from "@/db/schema";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { LeaseLostError } from "@/lib/runtime/lease";

export const DEFAULT_APPROVAL_MINUTES = 30;

export type ParkRequest = {
  /**
   * `reconcile`: the call may have happened before an interruption; a person settles it.
   * `question`: the agent asked a person (the run waits as `waiting_input`).
   */
  kind?: ApprovalKind;
  run: { id: string; tenantId: string; fencingToken: number; lastSeq: number };
  agentName: string;
  seq: number;
  toolCallId: string;
  toolName: string;
  risk: string;
  args: Record<string, unknown>;
  provenance: Record<string, Provenance>;
  policyIds: string[];
  policyVersion: number;
  reason: string;
  expiresMinutes: number | null;
  /** The policy decision's span, committed with the request. */
  span?: typeof spans.$inferInsert;
};

/**
 * Parks a run on a call that needs a person: the request is stored, and the run gives up its
 * lease and waits as `waiting_approval` (a question: `waiting_input`) with no process holding it, so it survives restarts.
 * A decision (or expiry) queues it again and any worker resumes it.
 */
export async function parkRun(db: Db, request: ParkRequest): Promise<string> {
  const { run } = request;
  const approvalId = await db.transaction(async (tx) => {
    const id = await storeRequest(tx, request);
    const waiting: RunApproval = {
      approvalId: id,
      toolCallId: request.toolCallId,
      status: "pending",
      parkedAt: new Date().toISOString(),
      kind: request.kind ?? "approval",
    };
    const parked = await tx
      .update(runs)
      .set({
        status: request.kind === "question" ? "waiting_input" : "waiting_approval",
        approval: waiting,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(and(eq(runs.id, run.id), eq(runs.fencingToken, run.fencingToken)))
      .returning({ id: runs.id });
    if (parked.length === 0) throw new LeaseLostError(run.id);
    if (request.span) await tx.insert(spans).values(request.span).onConflictDoNothing();
    return id;
  });
  stepNotifier(db.$client).announce(run.tenantId, run.id, run.lastSeq);
  await announceApprovals(db.$client, run.tenantId);
  return approvalId;
}

/**
 * Files a reconcile request for a call of a run that ended (killed) while the call was in flight:
 * the run stays ended, and a person records whether the call took effect.
 */
export async function fileReconcileForEndedRun(db: Db, request: ParkRequest): Promise<string> {
  const id = await db.transaction((tx) => storeRequest(tx, { ...request, kind: "reconcile" }));
  await announceApprovals(db.$client, request.run.tenantId);
  return id;
}

/** Stores the request, or finds the one a requeued run already filed for this call. */
export async function storeRequest(tx: Tx, request: ParkRequest): Promise<string> {
  const { run } = request;
  const minutes = request.expiresMinutes ?? DEFAULT_APPROVAL_MINUTES;
  const [created] = await tx
    .insert(approvals)
    .values({
      tenantId: run.tenantId,
      runId: run.id,
      kind: request.kind ?? "approval",
      agentName: request.agentName,
      seq: request.seq,
      toolCallId: request.toolCallId,
      toolName: request.toolName,
      risk: request.risk,
      args: request.args,
      provenance: request.provenance,
      policyIds: request.policyIds,
      policyVersion: request.policyVersion,
      reason: request.reason,
      expiresAt: new Date(Date.now() + minutes * 60_000),
    })
    .onConflictDoNothing()
    .returning({ id: approvals.id });
  // Parked before and resumed while still pending (a requeue): the existing request stands.
  const id =
    created?.id ??
    (
      await tx
        .select({ id: approvals.id })
        .from(approvals)
        .where(
          and(
            eq(approvals.runId, run.id),
            eq(approvals.toolCallId, request.toolCallId),
            eq(approvals.kind, request.kind ?? "approval"),
          ),
        )
    )[0]?.id;
  if (!id) throw new Error("The approval request was not stored.");
  return id;
}
