import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { type Receipt, type ReceiptContent, receipts } from "@/db/schema/receipts";
import { runs } from "@/db/schema/runs";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { canonicalJson, hashCanonical } from "@/lib/canonical-json";
import { AppError } from "@/lib/errors";
import { getTool } from "@/lib/tools/registry";
import { type CompensationContext, type Receipt as Evidence, ToolInputError } from "@/lib/tools/types";
import { scheduleSeal } from "./seal";

export const undoInput = z
  .object({
    reason: z.string().trim().min(3, "Say why it is undone (at least 3 characters).").max(500),
  })
  .strict();
export const markRevertedInput = z
  .object({
    note: z.string().trim().min(3, "Say how it was reverted (at least 3 characters).").max(500),
  })
  .strict();

const UNDOABLE_RISKS = ["write", "irreversible"];
const UNDO_TIMEOUT_MS = 15_000;

export type RevertResult = { receipt: Receipt; revert: Receipt; output: unknown };

/** The original, locked against a concurrent undo; 404 outside the actor's tenant, 409 when it cannot be reverted. */
async function revertable(tx: Tx, actor: Actor, receiptId: string | number): Promise<Receipt> {
  const id = Number(receiptId);
  const missing = new AppError("not_found", `There is no receipt #${receiptId} in ${actor.tenantName}.`);
  if (!Number.isSafeInteger(id) || id <= 0) throw missing;
  const [receipt] = await tx
    .select()
    .from(receipts)
    .where(and(eq(receipts.id, id), eq(receipts.tenantId, actor.tenantId)))
    .for("update");
  if (!receipt) throw missing;
  if (receipt.kind !== "action")
    throw new AppError(
      "conflict",
      `Receipt #${id} records ${receipt.kind.replace("_", " ")}, not an action.`,
    );
  if (!receipt.risk || !UNDOABLE_RISKS.includes(receipt.risk))
    throw new AppError(
      "conflict",
      `Receipt #${id} (${receipt.tool}) is a ${receipt.risk ?? "call of unrecorded risk"}: only writes can be undone.`,
    );
  const [earlier] = await tx.select().from(receipts).where(eq(receipts.undoesReceiptId, id));
  if (earlier) throw alreadyReverted(id, earlier);
  return receipt;
}

function alreadyReverted(id: number, revert: Receipt): AppError {
  const by = revert.content.receipt.by ?? "someone";
  const how = revert.kind === "undo" ? "undone" : "marked as reverted manually";
  return new AppError(
    "conflict",
    `Receipt #${id} was already ${how} by ${by} at ${revert.createdAt.toISOString()} (receipt #${revert.id}).`,
    { details: { reverted_by_receipt_id: revert.id } },
  );
}

/** Inserts the linked receipt with its content hash and records the audit entry, in the caller's transaction. */
async function insertRevert(
  tx: Tx,
  actor: Actor,
  original: Receipt,
  revert: {
    kind: "undo" | "manual_revert";
    evidence: Record<string, unknown>;
    startedAt: Date;
    args: Record<string, string>;
  },
): Promise<Receipt> {
  const idempotencyKey = `${revert.kind}:${original.id}`;
  const content = JSON.parse(
    canonicalJson({
      tenantId: original.tenantId,
      runId: original.runId,
      seq: original.seq,
      tool: original.tool,
      toolCallId: `${revert.kind}:${original.content.toolCallId}`,
      idempotencyKey,
      argsHash: hashCanonical(revert.args),
      receipt: {
        ...revert.evidence,
        undoes_receipt_id: original.id,
        by: actor.label,
        by_id: actor.id,
        by_kind: actor.kind,
      },
      startedAt: revert.startedAt.toISOString(),
      endedAt: new Date().toISOString(),
    } satisfies ReceiptContent),
  ) as ReceiptContent;
  const inserted = await tx
    .insert(receipts)
    .values({
      tenantId: original.tenantId,
      runId: original.runId,
      seq: original.seq,
      tool: original.tool,
      idempotencyKey,
      content,
      contentHash: hashCanonical(content),
      kind: revert.kind,
      risk: original.risk,
      undoesReceiptId: original.id,
    })
    .onConflictDoNothing({ target: receipts.undoesReceiptId, where: sql`undoes_receipt_id is not null` })
    .returning();
  const row = inserted[0];
  if (!row) {
    const [winner] = await tx.select().from(receipts).where(eq(receipts.undoesReceiptId, original.id));
    throw winner ? alreadyReverted(original.id, winner) : new AppError("conflict", "Reverted concurrently.");
  }
  await recordAudit(tx, actor, {
    action: revert.kind === "undo" ? "receipt.undone" : "receipt.marked_reverted",
    targetType: "receipt",
    targetId: String(original.id),
    details: {
      run_id: original.runId,
      tool: original.tool,
      revert_receipt_id: row.id,
      ...revert.args,
    },
  });
  return row;
}

type Reverting = (
  tx: Tx,
  receipt: Receipt,
) => Promise<{ evidence: Record<string, unknown>; output: unknown }>;

/** Locks and checks the receipt, does the revert, inserts the linked receipt and its audit entry in one transaction, then seals. */
async function revert(
  db: Db,
  actor: Actor,
  receiptId: string | number,
  kind: "undo" | "manual_revert",
  args: Record<string, string>,
  work: Reverting,
): Promise<RevertResult> {
  const startedAt = new Date();
  const result = await db.transaction(async (tx) => {
    const receipt = await revertable(tx, actor, receiptId);
    const { evidence, output } = await work(tx, receipt);
    const row = await insertRevert(tx, actor, receipt, { kind, evidence, startedAt, args });
    return { receipt, revert: row, output };
  });
  scheduleSeal(db.$client, actor.tenantId);
  return result;
}

/**
 * Undo: runs the tool's compensation for the receipt, inserts the `undo` receipt linked to it and an
 * audit entry, all in one transaction (a compensation that fails leaves nothing behind), then seals.
 */
export async function undoReceipt(
  db: Db,
  actor: Actor,
  receiptId: string | number,
  input: unknown,
): Promise<RevertResult> {
  assertScope(actor, "receipts:undo");
  const { reason } = undoInput.parse(input);
  return revert(db, actor, receiptId, "undo", { reason }, async (tx, receipt) => {
    // A gate run's agent made the effect with its own tool, elsewhere: Flightdeck's compensation
    // of a tool of the same name would reverse something else.
    const [run] = await tx.select({ source: runs.source }).from(runs).where(eq(runs.id, receipt.runId));
    const tool = run?.source === "gate" ? undefined : getTool(receipt.tool);
    if (!tool?.compensate)
      throw new AppError(
        "conflict",
        `${receipt.tool} has no undo: reverse its effect by hand, then mark receipt #${receipt.id} as reverted manually with a note.`,
        { details: { manual_revert: true } },
      );
    // The reason travels with the context: a ticket's note says why it was reverted.
    const context: CompensationContext & { reason: string } = {
      db: tx as unknown as Db,
      tenantId: actor.tenantId,
      idempotencyKey: `undo:${receipt.id}`,
      signal: AbortSignal.timeout(UNDO_TIMEOUT_MS),
      reason,
    };
    try {
      const outcome = await tool.compensate(receipt.content.receipt as Evidence, context);
      return { evidence: { ...outcome.receipt, reason }, output: outcome.output };
    } catch (error) {
      if (error instanceof ToolInputError)
        throw new AppError("conflict", error.message, { details: { manual_revert: true } });
      throw error;
    }
  });
}

/** For an action reverted outside Flightdeck (or one with no undo): a `manual_revert` receipt with the person's note. */
export async function markRevertedManually(
  db: Db,
  actor: Actor,
  receiptId: string | number,
  input: unknown,
): Promise<RevertResult> {
  assertScope(actor, "receipts:undo");
  const { note } = markRevertedInput.parse(input);
  return revert(db, actor, receiptId, "manual_revert", { note }, async () => ({
    evidence: { note },
    output: null,
  }));
}
