import { createHash } from "node:crypto";
import type { ReceiptContent } from "@/db/schema/receipts";
import type { ToolStepPayload } from "@/db/schema/run-steps";

/** The hash before the first receipt of a tenant's chain. */
export const GENESIS_HASH = "0".repeat(64);

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

// Called by JSON.stringify after toJSON, on every value it is about to write: objects are handed
// back with their keys sorted, so one pass both normalises (as JSON does) and orders.
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/**
 * Canonical JSON: what JSON.stringify keeps (so the same value as after a round trip through jsonb),
 * with object keys sorted recursively. Two equal values always give the same text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, sortedKeys) ?? "null";
}

export const hashCanonical = (value: unknown): string => sha256Hex(canonicalJson(value));

/** A link of the chain: the previous link's hash followed by this receipt's content hash. */
export const chainHash = (prevHash: string, contentHash: string): string => sha256Hex(prevHash + contentHash);

type ReceiptSource = {
  tenantId: string;
  runId: string;
  seq: number;
  payload: ToolStepPayload;
  startedAt: Date;
  endedAt: Date;
};

/** The receipt a committed tool step leaves, or null when it executed nothing with evidence. */
export const receiptContentOf = (step: ReceiptSource): ReceiptContent | null =>
  receiptOf(step)?.content ?? null;

/** The receipt with its content hash, from one canonical serialisation of it. */
export function receiptOf(step: ReceiptSource): { content: ReceiptContent; contentHash: string } | null {
  const { payload } = step;
  if (payload.status !== "ok" || !payload.receipt) return null;
  const text = canonicalJson({
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
  });
  return { content: JSON.parse(text) as ReceiptContent, contentHash: sha256Hex(text) };
}
