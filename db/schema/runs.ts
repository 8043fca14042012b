import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agents, type ContextStrategy } from "./agents";
import type { PinnedPlaybook } from "./playbooks";
import { tenants } from "./tenants";

export const RUN_STATUSES = [
  "queued",
  "running",
  "waiting_approval",
  /** Parked on the agent's question to a person (ask_person): an answer or the question's expiry resumes it. */
  "waiting_input",
  /** Parked on a child run it delegated to (the delegate tool): the child's end queues it again. */
  "waiting_child",
  /** Held by a paused agent or a frozen tenant: resumes from its last committed step on release. */
  "paused",
  "succeeded",
  /** Ended with an answer that claims an action no receipt proves. */
  "unverified",
  "failed",
  "killed",
  "stopped",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const runStatusEnum = pgEnum("run_status", RUN_STATUSES);

/** Why a run ended: one closed set, machine-readable. */
export const STOP_REASONS = [
  "completed",
  "budget_steps",
  "budget_cost",
  "budget_tokens",
  "budget_time",
  "loop_detected",
  "killed",
  "approval_rejected",
  "approval_expired",
  "policy_denied",
  "tool_failed",
  "model_failed",
  "invalid_input",
  "escalated",
  "unknown_outcome",
  /** The policy engine could not decide a call (it faulted twice, or the policy cannot be processed). */
  "policy_unavailable",
  /** An operator took the run over and ended it by hand with their own answer. */
  "finished_by_operator",
  /** An observed agent's trace: its root span ended with an error. */
  "reported_error",
  /** An observed agent's trace: no span arrived for a while and its root span never ended. */
  "trace_inactive",
  /** A workflow step or delegated agent inspected without acting: no tool call, no blocker with evidence. */
  "no_progress",
  /** Something Flightdeck did not expect (a bug, a database error): the run's error keeps the cause. */
  "internal_error",
] as const;
export type StopReason = (typeof STOP_REASONS)[number];
export const stopReasonEnum = pgEnum("stop_reason", STOP_REASONS);

/** The agent's definition as it was when the run started: a later edit never changes a run under way. */
export type AgentSnapshot = {
  instructions: string;
  tools: string[];
  maxSteps: number;
  maxSeconds: number;
  // Budgets the run started with (the agent's, or the run's overrides); absent or null: no limit.
  maxToolCalls?: number | null;
  maxTokens?: number | null;
  maxCostUsd?: number | null;
  /** Answers while the run model's circuit breaker is open; absent or null: none. */
  fallbackModel?: string | null;
  /** Answers the simple turns (lib/runtime/model-routing.ts); absent: every turn uses the run's model. */
  routerModel?: string;
  /** How the history is fitted into the model's window (lib/context/fit-context.ts); absent: the default. */
  contextStrategy?: ContextStrategy;
  /** What a rejected approval does: the model reads the rejection and goes on, or the run ends. */
  onReject?: "continue" | "end";
  /** Write and irreversible tools only preview their effect. */
  dryRun?: boolean;
  /** Tools whose receipt a success needs; absent: none. */
  requiredEvidence?: string[];
  /** The playbook versions added to the system prompt, pinned at the start; absent: none applied. */
  playbooks?: PinnedPlaybook[];
  /** The workflow the run follows instead of a model's turns (lib/workflows); absent: an agent run. */
  workflow?: string;
};

/** What a replay changed from the run it replays (absent: kept as it was). */
export type ReplayChanges = {
  model?: string;
  agentVersion?: number;
  instructions?: string;
  policyVersion?: number;
  limits?: Record<string, number | null>;
};

/**
 * A replay of another run (docs/replay.md). `recorded`: tool calls are answered with the parent's
 * recorded results and never executed; `dry_run`: reads run for real, writes are previewed.
 * `fromStep`: the first steps copied from the parent (0: none).
 */
export type RunReplay = {
  mode: "recorded" | "dry_run";
  fromStep: number;
  changes: ReplayChanges;
};

/** The run's parked tool call and, once a person decided, the decision the engine acts on. */
export type RunApproval = {
  approvalId: string;
  toolCallId: string;
  status: "pending" | "approved" | "rejected" | "expired" | "cancelled" | "answered";
  /** The arguments to execute: the edited ones when an operator changed them. */
  args?: Record<string, unknown>;
  originalArgs?: Record<string, unknown>;
  decidedBy?: string;
  comment?: string | null;
  parkedAt: string;
  /** `reconcile`: the call's outcome is unknown after an interruption; a person settles it. */
  kind?: "approval" | "reconcile" | "question";
  resolution?: "done" | "retry";
  /** A question's answer (kind `question`), and when it was given. */
  answer?: string;
  decidedAt?: string;
};

export const TERMINAL_STATUSES: readonly RunStatus[] = [
  "succeeded",
  "unverified",
  "failed",
  "killed",
  "stopped",
];

/** The ends that are not a success: the home page's "failed" figure and the runs list's matching filter. */
export const UNSUCCESSFUL_STATUSES: readonly RunStatus[] = ["failed", "stopped", "killed", "unverified"];

export const RUN_OUTCOMES = ["accepted", "rejected", "corrected"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/**
 * The agent settings runs start with, stored once per distinct content (sha256 of the jsonb text,
 * computed by PostgreSQL) rather than in every run row: a run's row is rewritten by each step.
 */
export const agentSnapshots = pgTable(
  "agent_snapshots",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    snapshot: jsonb("snapshot").$type<AgentSnapshot>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.hash] })],
);

export const RUN_SOURCES = ["engine", "otlp", "gate"] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "restrict" }),
    agentName: text("agent_name").notNull(),
    /**
     * `engine`: Flightdeck runs it; `otlp`: an agent that runs elsewhere, observed from its traces;
     * `gate`: an agent that runs elsewhere and asks Flightdeck before each tool call (lib/gate).
     */
    source: text("source", { enum: RUN_SOURCES }).notNull().default("engine"),
    /**
     * The run's session: the conversation or case it belongs to in the caller's system (a gate run's
     * id there, a ticket, a customer), as the caller gave it. Runs with the same one are listed together.
     */
    externalId: text("external_id"),
    agentVersion: integer("agent_version").notNull(),
    /**
     * Under a rollout (docs/rollout.md): whether the run was served the agent's current version
     * (`stable`) or the rollout's candidate; null when no rollout was under way, and for replays.
     */
    rolloutRole: text("rollout_role", { enum: ["stable", "candidate"] }),
    /** The agent's settings the run started with, in agent_snapshots (a run row is rewritten by every step). */
    agentSnapshotHash: text("agent_snapshot_hash").notNull(),
    /** Write and irreversible tools only preview their effect. */
    dryRun: boolean("dry_run").notNull().default(false),
    model: text("model").notNull(),
    input: text("input").notNull(),
    status: runStatusEnum("status").notNull().default("queued"),
    stopReason: stopReasonEnum("stop_reason"),
    output: text("output"),
    error: text("error"),
    /** The sequence number of the last committed step; steps are numbered from 1. */
    lastSeq: integer("last_seq").notNull().default(0),
    modelCalls: integer("model_calls").notNull().default(0),
    toolCalls: integer("tool_calls").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    cachedInputTokens: integer("cached_input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    /** Null while any model call of the run is unpriced: never a guessed number. */
    costUsd: numeric("cost_usd", { precision: 14, scale: 6, mode: "number" }).default(0),
    /**
     * The final cost of an ended run (null while it runs, or when unpriced), for the dashboards'
     * index: `cost_usd` moves with every model step and is in no index, so a step's update of its
     * run stays heap-only; this one changes only when the status does, which rewrites the row's
     * index entries anyway. The ended statuses are the enum's last values, from 'succeeded' on
     * (lib/metrics/cost-runs.int.test.ts): the expression names no value added by a later migration,
     * which a fresh install's single migration transaction could not use yet.
     */
    settledCostUsd: numeric("settled_cost_usd", {
      precision: 14,
      scale: 6,
      mode: "number",
    }).generatedAlwaysAs(sql`case when status >= 'succeeded' then cost_usd end`),
    traceId: text("trace_id").notNull(),
    /**
     * A write tool call that has started but whose result is not committed yet. After a crash it
     * tells the engine that an effect may have happened: idempotent tools are retried with the same
     * key, anything else is not re-executed blindly.
     */
    pendingToolCall: jsonb("pending_tool_call").$type<{
      seq: number;
      toolCallId: string;
      toolName: string;
      idempotencyKey: string;
    }>(),
    approval: jsonb("approval").$type<RunApproval>(),
    /** A dry run promoted to a live one: the run whose actions this one executes. */
    promotedFrom: uuid("promoted_from"),
    /**
     * A child run: the run that delegated to it (the delegate tool) and the parent's step that did.
     * One child per parent step (a unique index), so a resumed parent never starts it twice.
     */
    parentRunId: uuid("parent_run_id"),
    parentSeq: integer("parent_seq"),
    /** The parent, its parent and so on (nearest first): a kill of any of them covers this run. */
    ancestorRunIds: uuid("ancestor_run_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** The run this one replays, and how (see RunReplay). */
    replayOf: uuid("replay_of"),
    replay: jsonb("replay").$type<RunReplay>(),
    // The operator's verdict on the result (the outcome layer), set after the run.
    outcome: text("outcome", { enum: RUN_OUTCOMES }),
    outcomeNote: text("outcome_note"),
    outcomeBy: text("outcome_by"),
    outcomeAt: timestamp("outcome_at", { withTimezone: true }),
    /** Time spent waiting for people: not counted against the run's wall-clock budget. */
    approvalWaitMs: bigint("approval_wait_ms", { mode: "number" }).notNull().default(0),
    /**
     * Calls the model proposed that the envelope refused as out of bounds: denied by policy, or a
     * tool the agent was never granted. Any is a security flag on the run, whatever its end.
     */
    securityAttempts: integer("security_attempts").notNull().default(0),
    /** Calls refused for arguments that did not match the tool's schema: not a security flag, but not clean. */
    invalidCalls: integer("invalid_calls").notNull().default(0),
    createdBy: text("created_by").notNull(),
    /** The client's `Idempotency-Key` when it started the run through the API: one run per key. */
    requestKey: text("request_key"),
    // Lease: which process runs it until when; the fencing token grows with every claim so a
    // process that lost its lease cannot commit a step.
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    fencingToken: bigint("fencing_token", { mode: "number" }).notNull().default(0),
    // Millisecond precision, so a JavaScript Date is an exact keyset cursor.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      columns: [t.tenantId, t.agentSnapshotHash],
      foreignColumns: [agentSnapshots.tenantId, agentSnapshots.hash],
    }),
    index("runs_tenant_created_idx").on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    index("runs_tenant_status_idx").on(t.tenantId, t.status, t.createdAt.desc()),
    // A claim reads the first entry of one of these (see claimNextRun): constant time per claim,
    // whatever the backlog and however many runs are running.
    index("runs_queued_idx").on(t.createdAt).where(sql`status = 'queued'`),
    index("runs_lease_expiry_idx").on(t.leaseExpiresAt).where(sql`status = 'running'`),
    // The dashboards' day range: every column the cost and status charts read of an ended run is in
    // the index, so they are answered by an index-only scan; runs still under way, few, are read
    // from the table (lib/metrics/cost-runs.ts; measured in docs/benchmarks.md, "Dashboards at scale").
    index("runs_tenant_day_settled_cost_idx").on(
      t.tenantId,
      t.createdAt,
      t.agentName,
      t.model,
      t.status,
      t.settledCostUsd,
    ),
    // Flagged runs are few: the runs list's "security flag" filter and the counts read only them.
    // An observed trace is one run: spans of one trace arriving in several requests find it.
    uniqueIndex("runs_tenant_observed_trace_idx").on(t.tenantId, t.traceId).where(sql`source = 'otlp'`),
    // A dry run is promoted once: two promotions at the same moment cannot both execute its actions.
    uniqueIndex("runs_promoted_from_idx").on(t.promotedFrom).where(sql`promoted_from is not null`),
    // A run's page lists its replays.
    index("runs_tenant_session_idx")
      .on(t.tenantId, t.externalId, t.createdAt.desc(), t.id.desc())
      .where(sql`external_id is not null`),
    uniqueIndex("runs_parent_step_idx").on(t.parentRunId, t.parentSeq).where(sql`parent_run_id is not null`),
    // A run switch covers the run's descendants too: engaging one finds them by this index. Only
    // child runs are in it: a top-level run's empty array would add an entry with each new version.
    index("runs_ancestors_idx").using("gin", t.ancestorRunIds).where(sql`cardinality(ancestor_run_ids) > 0`),
    // A rollout's sweep and figures read the runs of one agent that ran under it.
    index("runs_agent_rollout_idx").on(t.agentId, t.createdAt).where(sql`rollout_role is not null`),
    index("runs_tenant_replay_of_idx").on(t.tenantId, t.replayOf).where(sql`replay_of is not null`),
    uniqueIndex("runs_tenant_request_key_idx")
      .on(t.tenantId, t.requestKey)
      .where(sql`request_key is not null`),
    index("runs_tenant_flagged_idx")
      .on(t.tenantId, t.createdAt.desc(), t.id.desc())
      .where(sql`security_attempts > 0`),
    // Runs with any refused call (out of bounds or invalid) are few too: the "refused calls" filter.
    index("runs_tenant_refused_idx")
      .on(t.tenantId, t.createdAt.desc(), t.id.desc())
      .where(sql`security_attempts > 0 or invalid_calls > 0`),
  ],
);

export type Run = typeof runs.$inferSelect;
