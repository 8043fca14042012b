import { createHash } from "node:crypto";
import type { ReceiptContent } from "@/db/schema/receipts";
import type { ToolStepPayload } from "@/db/schema/run-steps";

/** The hash before the first receipt of a tenant's chain. */
export const GENESIS_HASH = "0".repeat(64);

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * Canonical JSON: what JSON.stringify keeps (so the same value as after a round trip through jsonb),
 * with object keys sorted recursively. Two equal values always give the same text.
 */
export function canonicalJson(value: unknown): string {
  const plain = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return JSON.stringify(sortKeys(plain));
}

export const hashCanonical = (value: unknown): string => sha256Hex(canonicalJson(value));

/** A link of the chain: the previous link's hash followed by this receipt's content hash. */
export const chainHash = (prevHash: string, contentHash: string): string => sha256Hex(prevHash + contentHash);

/** The receipt a committed tool step leaves, or null when it executed nothing with evidence. */
export function receiptContentOf(step: {
  tenantId: string;
  runId: string;
  seq: number;
  payload: ToolStepPayload;
  startedAt: Date;
  endedAt: Date;
}): ReceiptContent | null {
  const { payload } = step;
  if (payload.status !== "ok" || !payload.receipt) return null;
  return JSON.parse(
    canonicalJson({
      tenantId: step.tenantId,
      runId: step.runId,
      seq: step.seq,
      tool: payload.toolName,
      toolCallId: payload.toolCallId,
      idempotencyKey: payload.idempotencyKey,
      argsHash: hashCanonical(payload.args),
      receipt: payload.receipt,
      startedAt: step.startedAt.toISOString(),
      endedAt: step.endedAt.toISOString(),
    }),
  ) as ReceiptContent;
}
