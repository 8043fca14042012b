import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { tenantIdColumn } from "./tenants";

const tenant = tenantIdColumn;
const usd = (name: string) => numeric(name, { precision: 14, scale: 6, mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A tenant's eval suite: its cases are `eval_cases`, its runs `eval_suite_runs`. Same format as a suite file. */
export const evalSuites = pgTable(
  "eval_suites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenant(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("eval_suites_tenant_name_key").on(t.tenantId, t.name)],
);

export type EvalSuiteRow = typeof evalSuites.$inferSelect;

/** One case of a suite, kept as the file holds it (`definition` is an EvalCase, lib/evals/case-schema.ts). */
export const evalCases = pgTable(
  "eval_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenant(),
    suiteId: uuid("suite_id")
      .notNull()
      .references(() => evalSuites.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    /** The run a case was saved from ("Save as test case"), if any. */
    fromRunId: uuid("from_run_id"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("eval_cases_suite_name_key").on(t.suiteId, t.name)],
);

export type EvalCaseRow = typeof evalCases.$inferSelect;

/**
 * Where a suite run is: queued from the app (Run suite), running under a worker's lease, finished
 * (every case has its result), or failed (it could not be run to the end; `error` says why).
 * `npm run eval --save` records a run already finished.
 */
export const SUITE_RUN_STATUSES = ["queued", "running", "finished", "failed"] as const;
export type SuiteRunStatus = (typeof SUITE_RUN_STATUSES)[number];

/** One run of a suite (by `npm run eval --save`, or queued from the app for a worker): its totals. */
export const evalSuiteRuns = pgTable(
  "eval_suite_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenant(),
    suiteId: uuid("suite_id")
      .notNull()
      .references(() => evalSuites.id, { onDelete: "cascade" }),
    model: text("model"),
    passed: integer("passed").notNull(),
    failed: integer("failed").notNull(),
    regressions: integer("regressions").notNull().default(0),
    costUsd: usd("cost_usd").notNull(),
    durationMs: integer("duration_ms").notNull(),
    startedBy: text("started_by").notNull(),
    startedAt: at("started_at").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    status: text("status", { enum: SUITE_RUN_STATUSES }).notNull().default("finished"),
    /** The cases this run runs (all of the suite's, or one agent's); results so far are its progress. */
    casesTotal: integer("cases_total").notNull().default(0),
    /** Only this agent's cases, at this version (null: each case's own agent and version). */
    agentName: text("agent_name"),
    agentVersion: integer("agent_version"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: at("lease_expires_at"),
    /** Raised at each claim: a worker whose lease was taken over can no longer write results. */
    fencingToken: integer("fencing_token").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    finishedAt: at("finished_at"),
    error: text("error"),
  },
  (t) => [
    index("eval_suite_runs_suite_idx").on(t.tenantId, t.suiteId, t.startedAt.desc()),
    // What a worker claims: queued runs, and running ones whose worker's lease ran out.
    index("eval_suite_runs_pending_idx")
      .on(t.status, t.createdAt)
      .where(sql`status in ('queued', 'running')`),
  ],
);

export type EvalSuiteRunRow = typeof evalSuiteRuns.$inferSelect;

/** A case's result in one suite run, with every check and its reason. */
export const evalCaseResults = pgTable(
  "eval_case_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenant(),
    suiteRunId: uuid("suite_run_id")
      .notNull()
      .references(() => evalSuiteRuns.id, { onDelete: "cascade" }),
    /** Null when the case was not (or is no longer) in the stored suite. */
    caseId: uuid("case_id").references(() => evalCases.id, { onDelete: "set null" }),
    caseName: text("case_name").notNull(),
    pass: boolean("pass").notNull(),
    status: text("status"),
    stopReason: text("stop_reason"),
    steps: integer("steps").notNull(),
    costUsd: usd("cost_usd"),
    durationMs: integer("duration_ms").notNull(),
    /** The agent and version the case ran (null on results recorded before these were kept). */
    agentName: text("agent_name"),
    agentVersion: integer("agent_version"),
    checks: jsonb("checks").$type<{ check: string; pass: boolean; reason: string }[]>().notNull(),
    error: text("error"),
    /**
     * The run's tool calls in order (tool, arguments, status, whether it left a receipt): the case's
     * trajectory, kept because the scratch tenant that ran it is gone. Null when the run never started.
     */
    calls:
      jsonb("calls").$type<
        { tool: string; args: Record<string, unknown>; status: string; receipt: boolean }[]
      >(),
    endedAt: at("ended_at").notNull().defaultNow(),
  },
  (t) => [
    index("eval_case_results_run_idx").on(t.suiteRunId),
    index("eval_case_results_case_idx").on(t.tenantId, t.caseId),
  ],
);

export type EvalCaseResultRow = typeof evalCaseResults.$inferSelect;

/**
 * An agent's readiness gate: the suite whose latest finished run against the agent's current version
 * must have passed every case before it may go live (lib/agents/readiness.ts).
 */
export const agentReadinessGates = pgTable("agent_readiness_gates", {
  agentId: uuid("agent_id")
    .primaryKey()
    .references(() => agents.id, { onDelete: "cascade" }),
  tenantId: tenant(),
  suiteId: uuid("suite_id")
    .notNull()
    .references(() => evalSuites.id, { onDelete: "cascade" }),
  setBy: text("set_by").notNull(),
  setAt: at("set_at").notNull().defaultNow(),
});

export type AgentReadinessGateRow = typeof agentReadinessGates.$inferSelect;
