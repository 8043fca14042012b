import { and, count, desc, eq, inArray, or, sql } from "drizzle-orm";
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
    const id = await storeRunRequest(tx, request);
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
export async function fileReconcileForEndedRun(
  db: Db,
  request: ParkRequest,
  /** Filed by the engine for its own run's call: a request of its own, as parkRun files it. */
  engineCall = false,
): Promise<string> {
  const reconcile: ParkRequest = { ...request, kind: "reconcile" };
  const id = await db.transaction((tx) =>
    engineCall ? storeRunRequest(tx, reconcile) : storeRequest(tx, reconcile),
  );
  await announceApprovals(db.$client, request.run.tenantId);
  return id;
}

/** Stores the request, or finds the one a requeued run already filed for this call. */
export async function storeRequest(tx: Tx, request: ParkRequest): Promise<string> {
  const { run } = request;
  const [created] = await insertRequest(tx, request);
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

/**
 * Stores a request for the engine's own run. A request answers the one call it was filed for — the
 * step at `seq` — so a requeued run finds its pending request for that step, and any other call
 * (a later turn reusing the model's tool call id, or the same call interrupted again after its
 * retry) gets a request of its own. The table keeps one row per (run, tool call id, kind), so a
 * later one is stored under the id with a "#n" suffix: the n-th request with that id in the run.
 * Questions too: a later ask_person reusing an id is asked again, not answered with the old answer.
 */
async function storeRunRequest(tx: Tx, request: ParkRequest): Promise<string> {
  const kind = request.kind ?? "approval";
  const sameCall = and(
    eq(approvals.runId, request.run.id),
    eq(approvals.kind, kind),
    or(
      eq(approvals.toolCallId, request.toolCallId),
      sql`starts_with(${approvals.toolCallId}, ${`${request.toolCallId}#`})`,
    ),
  );
  const [waiting] = await tx
    .select({ id: approvals.id })
    .from(approvals)
    .where(and(sameCall, eq(approvals.seq, request.seq), eq(approvals.status, "pending")));
  if (waiting) return waiting.id;
  const [filed] = await tx.select({ n: count() }).from(approvals).where(sameCall);
  for (let n = filed?.n ?? 0; n < (filed?.n ?? 0) + MAX_REQUEST_TRIES; n++) {
    const toolCallId = n === 0 ? request.toolCallId : `${request.toolCallId}#${n + 1}`;
    const [created] = await insertRequest(tx, { ...request, toolCallId });
    if (created) return created.id;
  }
  throw new Error("The approval request was not stored.");
}

// The model may have used such a suffixed id itself: the next numbers are tried, up to this many.
const MAX_REQUEST_TRIES = 20;

/** Whether a request stored under `requestCallId` was filed for a call with the model's id `callId`. */
export function requestNamesCall(requestCallId: string, callId: string): boolean {
  if (requestCallId === callId) return true;
  const suffix = requestCallId.startsWith(`${callId}#`) ? requestCallId.slice(callId.length + 1) : "";
  return /^[0-9]+$/.test(suffix);
}

/** The step a request of this run was filed for, or null when the run has no such request. */
export async function requestedStep(db: Db, runId: string, approvalId: string): Promise<number | null> {
  const [row] = await db
    .select({ seq: approvals.seq })
    .from(approvals)
    .where(and(eq(approvals.id, approvalId), eq(approvals.runId, runId)));
  return row?.seq ?? null;
}

/**
 * The arguments a person last let the call at `step` run with (an approval, edited or not, or a
 * reconcile's retry, which carries them on), or null when it ran as the model proposed it.
 */
export async function approvedArgs(
  db: Db,
  runId: string,
  step: { seq: number; toolCallId: string },
): Promise<Record<string, unknown> | null> {
  const rows = await db
    .select({ toolCallId: approvals.toolCallId, args: approvals.args, editedArgs: approvals.editedArgs })
    .from(approvals)
    .where(
      and(
        eq(approvals.runId, runId),
        eq(approvals.seq, step.seq),
        eq(approvals.status, "approved"),
        inArray(approvals.kind, ["approval", "reconcile"]),
      ),
    )
    .orderBy(desc(approvals.createdAt));
  const approved = rows.find((row) => requestNamesCall(row.toolCallId, step.toolCallId));
  return approved ? (approved.editedArgs ?? approved.args) : null;
}

/** Inserts the request; nothing when the run already has one for this tool call id and kind. */
function insertRequest(tx: Tx, request: ParkRequest): Promise<{ id: string }[]> {
  const { run } = request;
  const minutes = request.expiresMinutes ?? DEFAULT_APPROVAL_MINUTES;
  return tx
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
}
