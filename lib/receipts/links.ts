import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { receipts } from "@/db/schema/receipts";
import { runs } from "@/db/schema/runs";
import { type Actor, assertScope, can } from "@/lib/auth/actor";
import { getTool } from "@/lib/tools/registry";

export type ReceiptKind = (typeof receipts.$inferSelect)["kind"];

/** The receipt that reverted another: who, when, why. */
export type RevertLink = {
  id: number;
  kind: ReceiptKind;
  at: string;
  by: string | null;
  /** The undo's reason or the manual revert's note; null when redacted. */
  why: string | null;
};

export type ReceiptLink = {
  id: number;
  seq: number;
  kind: ReceiptKind;
  tool: string;
  risk: string | null;
  at: string;
  /** The tool's evidence (ids, amounts, statuses, hashes); null when redacted for the actor's role. */
  evidence: Record<string, unknown> | null;
  /** For an undo or manual revert: the receipt it reverts. */
  undoes: number | null;
  /** The undo or manual revert of this receipt, if any. */
  revertedBy: RevertLink | null;
  /** Whether it is a write that can still be reverted, and whether its tool has an undo. */
  revertable: boolean;
  hasUndo: boolean;
};

const HIDDEN_EVIDENCE = new Set(["by_id", "by_kind", "undoes_receipt_id"]);

const evidenceOf = (content: { receipt: Record<string, unknown> }) =>
  Object.fromEntries(Object.entries(content.receipt).filter(([k]) => !HIDDEN_EVIDENCE.has(k)));

const why = (evidence: Record<string, unknown>) => {
  const text = evidence.reason ?? evidence.note;
  return typeof text === "string" ? text : null;
};

/**
 * A run's receipts in order, each with the receipt that reverted it (one lookup on the
 * `undoes_receipt_id` index). Evidence is customer data: redacted for roles without payloads:read.
 */
export async function receiptLinks(db: DbOrTx, actor: Actor, runId: string): Promise<ReceiptLink[]> {
  assertScope(actor, "runs:read");
  const redact = !can(actor, "payloads:read");
  const revert = alias(receipts, "revert");
  const rows = await db
    .select({ receipt: receipts, revert, source: runs.source })
    .from(receipts)
    .leftJoin(revert, eq(revert.undoesReceiptId, receipts.id))
    .leftJoin(runs, eq(runs.id, receipts.runId))
    .where(and(eq(receipts.tenantId, actor.tenantId), eq(receipts.runId, runId)))
    .orderBy(asc(receipts.id));
  return rows.map(({ receipt: r, revert: u, source }) => {
    const evidence = evidenceOf(r.content);
    const isWrite = r.kind === "action" && (r.risk === "write" || r.risk === "irreversible");
    return {
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      tool: r.tool,
      risk: r.risk,
      at: r.createdAt.toISOString(),
      evidence: redact ? null : evidence,
      undoes: r.undoesReceiptId,
      revertedBy: u
        ? {
            id: u.id,
            kind: u.kind,
            at: u.createdAt.toISOString(),
            by: typeof u.content.receipt.by === "string" ? u.content.receipt.by : null,
            why: redact ? null : why(u.content.receipt),
          }
        : null,
      revertable: isWrite && !u,
      // A gate run's agent made the effect with its own tool: only a person can revert it.
      hasUndo: source !== "gate" && Boolean(getTool(r.tool)?.compensate),
    };
  });
}
