import { z } from "zod";
import type { Receipt } from "@/db/schema/receipts";
import { data, timestamp } from "@/lib/http/json-shapes";
import type { RevertResult } from "@/lib/receipts/undo";

const receiptShape = z.object({
  id: z.number(),
  kind: z.string(),
  run_id: z.string(),
  seq: z.number(),
  tool: z.string(),
  risk: z.string().nullable(),
  undoes_receipt_id: z.number().nullable(),
  content_hash: z.string(),
  evidence: data,
  created_at: timestamp,
});

export const revertJson = z.object({
  receipt: receiptShape.extend({ reverted_by_receipt_id: z.number() }),
  revert: receiptShape,
  output: data,
});

const receiptJson = (r: Receipt): z.input<typeof receiptShape> => ({
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
export function toRevertJson({ receipt, revert, output }: RevertResult): z.input<typeof revertJson> {
  return {
    receipt: { ...receiptJson(receipt), reverted_by_receipt_id: revert.id },
    revert: receiptJson(revert),
    output,
  };
}
