import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * How a receipt's content is serialised for its content hash. 1 (receipts written before RFC 8785):
 * JSON.stringify with keys sorted, except that integer-like keys come first in numeric order, as
 * JavaScript objects list them; 2: RFC 8785, the JSON Canonicalization Scheme, which a third party
 * can recompute from the published standard.
 */
export type ReceiptFormat = 1 | 2;
/** The format new receipts are written in. */
export const RECEIPT_FORMAT: ReceiptFormat = 2;

/**
 * What a receipt's content hash covers: the tool's own evidence, the call and its timings.
 * The hash is recomputed from the stored row, serialised in the receipt's format.
 */
export type ReceiptContent = {
  tenantId: string;
  runId: string;
  seq: number;
  tool: string;
  toolCallId: string;
  idempotencyKey: string;
  argsHash: string;
  receipt: Record<string, unknown>;
  startedAt: string;
  endedAt: string;
};

/** The content's fields the row also holds as columns: a step's receipt is stored without them. */
export const RECEIPT_COLUMN_FIELDS = ["tenantId", "runId", "seq", "tool", "idempotencyKey"] as const;
type ColumnField = (typeof RECEIPT_COLUMN_FIELDS)[number];

/**
 * The content as stored: what the hash covers, less the fields its columns hold (the receipts the
 * engine's steps write), or whole (older receipts, the gate's, undo's and manual reverts').
 * `storedReceiptContent` (lib/receipts/canonical.ts) puts them back.
 */
export type StoredReceiptContent = Omit<ReceiptContent, ColumnField> &
  Partial<Pick<ReceiptContent, ColumnField>>;

/**
 * One row per executed tool call that produced evidence, written once, in the statement that commits
 * its step. `content_hash` exists from the commit on; the receipt's link in its tenant's chain is
 * a `receipt_links` row the sealer adds a fraction of a second later (lib/receipts/seal.ts).
 */
export const receipts = pgTable(
  "receipts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: uuid("tenant_id").notNull(),
    /** No foreign key: see run_steps. */
    runId: uuid("run_id").notNull(),
    seq: integer("seq").notNull(),
    tool: text("tool").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    content: jsonb("content").$type<StoredReceiptContent>().notNull(),
    contentHash: text("content_hash").notNull(),
    /** The serialisation `content_hash` was made with; receipts from before the column are format 1. */
    format: smallint("format").$type<ReceiptFormat>().notNull().default(RECEIPT_FORMAT),
    // The chain as receipts held it before receipt_links (migration 0047 copied it there): read by
    // nothing, written by nothing.
    prevHash: text("prev_hash"),
    chainHash: text("chain_hash"),
    chainSeq: bigint("chain_seq", { mode: "number" }),
    sealedAt: timestamp("sealed_at", { withTimezone: true }),
    /**
     * `action`: a tool's effect; `undo`: its compensation; `manual_revert`: a person's note that it
     * was reverted outside Flightdeck; `preview`: what a dry run would have done (no effect).
     */
    kind: text("kind", { enum: ["action", "undo", "manual_revert", "preview"] })
      .notNull()
      .default("action"),
    /** The call's risk class (read, write, irreversible): undo rates count writes. */
    risk: text("risk"),
    /** For an undo or manual revert: the receipt it reverts. The link back is this column's index. */
    undoesReceiptId: bigint("undoes_receipt_id", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("receipts_tenant_id_idx").on(t.tenantId, t.id),
    // A run's receipts (its page, undo, the outcome check) without reading the tenant's whole chain.
    index("receipts_run_idx").on(t.runId),
    // One revert per receipt: a second undo (or a race of two) is refused by the database. Partial:
    // the action receipts every tool step writes have none, and would each add an entry to it.
    uniqueIndex("receipts_undoes_key").on(t.undoesReceiptId).where(sql`undoes_receipt_id is not null`),
  ],
);

export type Receipt = typeof receipts.$inferSelect;

/**
 * A receipt's link in its tenant's hash chain, added once by the sealer: `chain_seq` numbers the
 * link and `chain_hash = sha256(the previous link's chain_hash + content_hash)`, with 64 zeros
 * before the first. The previous hash is not stored again (it was until migration 0075):
 * verification reads it from the previous link. The receipt row itself is never updated.
 */
export const receiptLinks = pgTable(
  "receipt_links",
  {
    receiptId: bigint("receipt_id", { mode: "number" }).primaryKey(),
    tenantId: uuid("tenant_id").notNull(),
    chainSeq: bigint("chain_seq", { mode: "number" }).notNull(),
    chainHash: text("chain_hash").notNull(),
    sealedAt: timestamp("sealed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("receipt_links_tenant_chain_key").on(t.tenantId, t.chainSeq)],
);

/**
 * The sealer's work list: every receipt not linked yet, added by a trigger on `receipts` whoever
 * inserts it (migration 0047), and taken off by the seal that links it.
 */
export const unsealedReceipts = pgTable(
  "unsealed_receipts",
  {
    receiptId: bigint("receipt_id", { mode: "number" }).notNull(),
    tenantId: uuid("tenant_id").notNull(),
  },
  // One index, the sealer's order: every tool step adds an entry and its seal takes it off again.
  (t) => [primaryKey({ name: "unsealed_receipts_pkey", columns: [t.tenantId, t.receiptId] })],
);
