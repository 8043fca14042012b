import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { PolicyRecord } from "./run-steps";
import { runs } from "./runs";

/**
 * `allowed`: the agent may make the call and report its result; `pending`: a person decides first;
 * `denied` / `rejected` / `expired` / `cancelled`: it must not be made; `done` / `failed`: its
 * result is recorded as a step of the run.
 */
export const GATE_CALL_STATUSES = [
  "allowed",
  "pending",
  "denied",
  "rejected",
  "expired",
  "cancelled",
  "done",
  "failed",
] as const;
export type GateCallStatus = (typeof GATE_CALL_STATUSES)[number];

/**
 * A tool call an agent that runs elsewhere asked the gate about (a run of source `gate`): the
 * decision, and once the agent reports it, the step that recorded its result and receipt.
 */
export const gateCalls = pgTable(
  "gate_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    toolName: text("tool_name").notNull(),
    /** The arguments the call may be made with: validated, and edited ones once a person edited them. */
    args: jsonb("args").$type<Record<string, unknown>>().notNull(),
    /** The agent's own words on why it makes the call, shown to approvers. */
    reason: text("reason"),
    status: text("status", { enum: GATE_CALL_STATUSES }).notNull(),
    policy: jsonb("policy").$type<PolicyRecord>(),
    /** Why the call must not be made (the policy's message, who rejected it), in words the model reads. */
    message: text("message"),
    approvalId: uuid("approval_id"),
    /** The key the agent passes to its tool, so a retried call cannot double the effect. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** The run's step that recorded the outcome (a refusal or the reported result). */
    seq: integer("seq"),
    /** The ask's Idempotency-Key: a retry of the ask gets `answer` again instead of a second call. */
    requestKey: text("request_key"),
    /** The ask's body, hashed: a different ask under the same key is refused. */
    requestHash: text("request_hash"),
    /** The decision as the gate first answered it. */
    answer: jsonb("answer").$type<Record<string, unknown>>(),
    /** The reported result, hashed: the same report sent again is answered as the first was. */
    resultHash: text("result_hash"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("gate_calls_run_idx").on(t.runId, t.createdAt),
    index("gate_calls_approval_idx").on(t.approvalId).where(sql`${t.approvalId} is not null`),
    uniqueIndex("gate_calls_request_key_idx")
      .on(t.runId, t.requestKey)
      .where(sql`${t.requestKey} is not null`),
  ],
);

export type GateCall = typeof gateCalls.$inferSelect;
