import {
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const STEP_KINDS = ["model", "tool"] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const stepKindEnum = pgEnum("step_kind", STEP_KINDS);

/** A step a forked replay copied from the run it replays: that run and the step's seq there. */
export type InheritedFrom = { runId: string; seq: number };

/** An operator's instruction as the model read it (see run_messages). */
export type OperatorMessage = { id: string; from: string; text: string; sentAt: string };

/**
 * A workflow's step (lib/workflows): the node it belongs to and, for a node that leaves a value
 * (function, model), that value or why there is none (a model's answer that did not fit its schema
 * is kept in `output` beside the `error`). A node whose output is tool results proposes
 * its calls in `toolCalls`; `end` marks the final answer.
 */
export type WorkflowMark = { node: string; output?: unknown; error?: string; end?: boolean };

/**
 * What a model call was sent of its run's history, when its model's window is known: the call's
 * span reads its `flightdeck.context.*` attributes from it (lib/telemetry/spans.ts).
 */
export type ContextFacts = {
  window: number;
  sentTokens: number;
  countedBy: string;
  /** Set when the history was cut to fit the window. */
  cut?: {
    strategy: string;
    reserved: number;
    fullTokens: number;
    /** What the whole history needs beside the reserve: the tokens the window could not give it. */
    neededTokens: number;
    /** How many results were clipped, and the steps of the first 40 ("?" where unknown). */
    clipped: number;
    clippedSteps: (number | "?")[];
    droppedTurns: number;
    summarizedTurns?: number;
  };
};

/** A proposed tool call as the model made it. */
export type ProposedToolCall = { toolCallId: string; toolName: string; input: unknown };

export type ModelStepPayload = {
  text: string;
  toolCalls: ProposedToolCall[];
  finishReason: string;
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number; reasoningTokens: number };
  costUsd: number | null;
  /** The model that answered, when it was not the run's model (its router or fallback model). */
  model?: string;
  /** Set when the call needed more than one attempt: how many, and the waits between them. */
  attempts?: number;
  retryWaitsMs?: number[];
  /**
   * Operators' messages the model read just before this call, as trusted operator input: they are
   * delivered by this step's commit, so each reaches the model once (lib/runtime/operator-inbox.ts).
   */
  operatorMessages?: OperatorMessage[];
  /** A summary of the run's first `turns` turns (its text), sent in their place (docs/agents.md). */
  summary?: { turns: number };
  inheritedFrom?: InheritedFrom;
  workflow?: WorkflowMark;
  context?: ContextFacts;
  /**
   * What the call's span says beyond this payload (a routed or fallback model, a workflow node, a
   * summary): kept here so the span can be read back from the step (derived_spans).
   */
  traceAttributes?: Record<string, string | number | boolean>;
};

/** `denied`: policy refused the call; `rejected`: a person did. Neither was executed. */
export type ToolStepStatus = "ok" | "error" | "invalid" | "unknown_tool" | "denied" | "rejected";

/** The policy decision on a call and what it was made from, kept with the step as proof. */
export type PolicyRecord = {
  effect: "allow" | "deny" | "approval";
  policyIds: string[];
  version: number;
  message: string;
  resource: string;
  facts: Record<string, unknown>;
  provenance: Record<string, string>;
  ms: number;
  /** When the decision began (ISO 8601): its span runs from here for `ms`. Absent on older steps. */
  at?: string;
};

/** A person's decision on a parked call. */
export type ApprovalRecord = {
  id: string;
  status: "approved" | "rejected";
  decidedBy: string;
  comment: string | null;
  /** Set when the person edited the arguments: the model's version, before the edit. */
  originalArgs?: Record<string, unknown>;
  waitedMs: number;
};

export type ToolStepPayload = {
  toolCallId: string;
  toolName: string;
  args: unknown;
  status: ToolStepStatus;
  /** What goes back to the model: the tool's output, or a readable error. */
  result: unknown;
  receipt: Record<string, unknown> | null;
  idempotencyKey: string;
  /** Set when an idempotent tool needed more than one attempt. */
  attempts?: number;
  policy?: PolicyRecord;
  approval?: ApprovalRecord;
  /** The call's risk class when it ran: read, write or irreversible. */
  risk?: string;
  /** A dry run's call: the tool only previewed its effect. */
  preview?: boolean;
  inheritedFrom?: InheritedFrom;
  /** A recorded replay's call: the result is the one this run's step recorded; nothing ran. */
  recordedFrom?: InheritedFrom;
  /** A delegate call: the child run that answered it and what it used (counted in this run's budget). */
  childRun?: ChildRunRecord;
};

export type ChildRunRecord = {
  runId: string;
  agentName: string;
  status: string;
  costUsd: number | null;
  tokens: number;
  toolCalls: number;
};

/**
 * The run's history, append-only: one row per model call or tool call, numbered by `seq`.
 * The conversation is rebuilt from these rows; nothing is stored twice.
 *
 * `run_id` has no foreign key, nor have spans' and receipts': the engine writes these rows in the
 * statement that updates their run, joined to that update (lib/runtime/step-batch.ts), and the few
 * other writers (start, park, undo) act on a run they have just read or written; runs are never
 * deleted. A key would re-check the run for every row inserted: a sixth of the step statement's
 * time in EXPLAIN ANALYZE (docs/benchmarks.md).
 */
export const runSteps = pgTable(
  "run_steps",
  {
    runId: uuid("run_id").notNull(),
    seq: integer("seq").notNull(),
    /** The model turn this step belongs to (a model call and the tool calls it proposed). */
    turn: integer("turn").notNull(),
    kind: stepKindEnum("kind").notNull(),
    payload: jsonb("payload").$type<ModelStepPayload | ToolStepPayload>().notNull(),
    costUsd: numeric("cost_usd", { precision: 14, scale: 6, mode: "number" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    /**
     * Which of this step's spans are not stored but read back from the step (lib/telemetry/step-spans.ts):
     * a bit each for its call span, its policy decision's span and the span of the turn it opens.
     * 0 for steps written before (their spans are stored) and for spans that say more than the step.
     */
    derivedSpans: smallint("derived_spans").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export type RunStep = typeof runSteps.$inferSelect;

export const SPAN_STATUSES = ["unset", "ok", "error"] as const;
export const spanStatusEnum = pgEnum("span_status", SPAN_STATUSES);

/**
 * OpenTelemetry spans with GenAI attribute names. A run is one trace: run span → turn spans →
 * model call and tool call spans. Spans ingested from elsewhere have no run.
 */
export const spans = pgTable(
  "spans",
  {
    /** Unique within its tenant only: see the primary key. */
    spanId: text("span_id").notNull(),
    traceId: text("trace_id").notNull(),
    parentSpanId: text("parent_span_id"),
    /** No foreign key: see run_steps. */
    runId: uuid("run_id"),
    tenantId: uuid("tenant_id").notNull(),
    name: text("name").notNull(),
    /** For a step's span: its seq, so the trace view links spans and raw steps. */
    seq: integer("seq"),
    startTime: timestamp("start_time", { withTimezone: true, precision: 3 }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true, precision: 3 }),
    status: spanStatusEnum("status").notNull().default("unset"),
    attributes: jsonb("attributes").$type<Record<string, string | number | boolean>>().notNull().default({}),
  },
  // A span's id is its tenant's: an ingested span names ids its sender chose (and a W3C
  // traceparent hands them to every service a call reaches), so another tenant's span with the
  // same ids must not take its place. The id leads the key, so a look-up by id alone still uses it.
  // Besides it only the run's index: every span write pays for each index, and traces are read by run.
  (t) => [primaryKey({ columns: [t.spanId, t.tenantId] }), index("spans_run_idx").on(t.runId, t.startTime)],
);

export type Span = typeof spans.$inferSelect;
