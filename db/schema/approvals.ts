import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { runs } from "./runs";
import { tenants } from "./tenants";

export const APPROVAL_STATUSES = [
  "pending",
  "approved",
  "rejected",
  "expired",
  "cancelled",
  /** A question (kind `question`) a person answered. */
  "answered",
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const approvalStatusEnum = pgEnum("approval_status", APPROVAL_STATUSES);

export const APPROVAL_KINDS = ["approval", "reconcile", "question"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** Where an argument's value first appeared: the operator's goal, trusted tool data, untrusted text, or nowhere. */
export const PROVENANCES = ["operator", "tool", "untrusted", "model", "none"] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** A tool call that policy parked for a person; the run waits without a process until it is decided. */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    agentName: text("agent_name").notNull(),
    /**
     * `approval`: a call waiting to run. `reconcile`: a call whose outcome is unknown after an
     * interruption — a person checks whether it happened. `question`: the agent asked a person
     * (ask_person); `args` holds the question and its context, `answer` the person's reply.
     */
    kind: text("kind", { enum: APPROVAL_KINDS }).notNull().default("approval"),
    /** The step the tool call will be committed as. */
    seq: integer("seq").notNull(),
    toolCallId: text("tool_call_id").notNull(),
    toolName: text("tool_name").notNull(),
    risk: text("risk").notNull(),
    args: jsonb("args").$type<Record<string, unknown>>().notNull(),
    /** Arguments an operator changed before approving; both versions are kept. */
    editedArgs: jsonb("edited_args").$type<Record<string, unknown>>(),
    provenance: jsonb("provenance").$type<Record<string, Provenance>>().notNull(),
    /** The policies that asked for the approval, and the policy version they belong to. */
    policyIds: jsonb("policy_ids").$type<string[]>().notNull(),
    policyVersion: integer("policy_version").notNull(),
    /** The model's own words for the call: its stated reason. */
    reason: text("reason").notNull().default(""),
    status: approvalStatusEnum("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    /** When the request, still undecided after the tenant's escalation delay, was sent on to the second group. */
    escalatedAt: timestamp("escalated_at", { withTimezone: true, precision: 3 }),
    decidedBy: text("decided_by"),
    comment: text("comment"),
    /** A question's answer, as the person wrote it: it reaches the model as trusted input. */
    answer: text("answer"),
    /** For a reconcile request: what the person settled on — it happened (`done`) or run it again (`retry`). */
    resolution: text("resolution", { enum: ["done", "retry"] }),
  },
  (t) => [
    // A call approved, then interrupted mid-effect, also gets a reconcile request of its own.
    uniqueIndex("approvals_run_call_kind_key").on(t.runId, t.toolCallId, t.kind),
    index("approvals_tenant_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("approvals_pending_expiry_idx").on(t.expiresAt).where(sql`status = 'pending'`),
  ],
);

export type Approval = typeof approvals.$inferSelect;
