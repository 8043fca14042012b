import type { Receipt } from "@/db/schema/receipts";
import type { RevertResult } from "@/lib/receipts/undo";

const receiptJson = (r: Receipt) => ({
  id: r.id,
  kind: r.kind,
  run_id: r.runId,
  seq: r.seq,
  tool: r.tool,
  risk: r.risk,
  undoes_receipt_id: r.undoesReceiptId,
  content_hash: r.contentHash,
  evidence: r.content.receipt,
  created_at: r.createdAt.toISOString(),
});

/** The reverted receipt and the receipt that reverts it, each naming the other. */
export function toRevertJson({ receipt, revert, output }: RevertResult) {
  return {
    receipt: { ...receiptJson(receipt), reverted_by_receipt_id: revert.id },
    revert: receiptJson(revert),
    output,
  };
}
