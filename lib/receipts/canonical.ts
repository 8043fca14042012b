import type { ReceiptContent, ReceiptFormat, StoredReceiptContent } from "@/db/schema/receipts";
import type { ToolStepPayload } from "@/db/schema/run-steps";
import { canonicalJson, hashCanonical } from "@/lib/canonical-json";
import { sha256Hex } from "@/lib/sha256";

/** The hash before the first receipt of a tenant's chain. */
export const GENESIS_HASH = "0".repeat(64);

// Called by JSON.stringify after toJSON, on every value it is about to write: objects are handed
// back with their keys sorted, so one pass both normalises (as JSON does) and orders.
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/**
 * Receipt format 1 (before RFC 8785): JSON.stringify with object keys sorted recursively, except
 * that integer-like keys ("2" before "10") come first, as JavaScript objects list them.
 */
const sortedKeysJson = (value: unknown): string => JSON.stringify(value ?? null, sortedKeys) ?? "null";

const serialisers: Record<ReceiptFormat, (value: unknown) => string> = {
  1: sortedKeysJson,
  2: canonicalJson,
};

/** A receipt's content hash as its format makes it (null for a format this code does not know). */
export function receiptContentHash(content: unknown, format: number): string | null {
  const serialise = serialisers[format as ReceiptFormat];
  return serialise ? sha256Hex(serialise(content)) : null;
}

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

/**
 * The receipt with its content hash, from one canonical serialisation of it, in the current format
 * (RECEIPT_FORMAT, the column's default, so writers need not name it).
 */
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

type ReceiptColumns = { tenantId: string; runId: string; seq: number; tool: string; idempotencyKey: string };

/**
 * The content a receipt's hash covers, from its row: the stored content with the fields its columns
 * hold put back. A field the stored content has itself (receipts stored whole) is kept as stored.
 */
export const storedReceiptContent = (
  content: StoredReceiptContent,
  columns: ReceiptColumns,
): ReceiptContent => ({
  tenantId: columns.tenantId,
  runId: columns.runId,
  seq: columns.seq,
  tool: columns.tool,
  idempotencyKey: columns.idempotencyKey,
  ...content,
});
