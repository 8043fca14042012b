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

/** One run of a suite (by `npm run eval --save`): its totals. */
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
  },
  (t) => [index("eval_suite_runs_suite_idx").on(t.tenantId, t.suiteId, t.startedAt.desc())],
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
    checks: jsonb("checks").$type<{ check: string; pass: boolean; reason: string }[]>().notNull(),
    error: text("error"),
  },
  (t) => [
    index("eval_case_results_run_idx").on(t.suiteRunId),
    index("eval_case_results_case_idx").on(t.tenantId, t.caseId),
  ],
);

export type EvalCaseResultRow = typeof evalCaseResults.$inferSelect;
