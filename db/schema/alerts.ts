import { sql } from "drizzle-orm";
import { index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * `failure_rate`: share (0–1) of the runs ended in the window that failed, were killed or stopped;
 * `p95_seconds`: the 95th percentile of their durations; `cost_usd`: what the runs created in the
 * window cost so far.
 */
export const ALERT_METRICS = ["failure_rate", "p95_seconds", "cost_usd"] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** A tenant's condition on an agent's recent runs (or every agent's, each on its own). */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Null: every agent of the tenant, each judged alone. */
    agentName: text("agent_name"),
    metric: text("metric", { enum: ALERT_METRICS }).notNull(),
    threshold: numeric("threshold", { precision: 14, scale: 6, mode: "number" }).notNull(),
    windowMinutes: integer("window_minutes").notNull(),
    /** Rates and percentiles of fewer runs than this say nothing: the rule waits. */
    minRuns: integer("min_runs").notNull().default(5),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_tenant_idx").on(t.tenantId)],
);

/** A rule that an agent's runs broke: open until the condition no longer holds. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    agentName: text("agent_name").notNull(),
    metric: text("metric", { enum: ALERT_METRICS }).notNull(),
    /** The measured value when raised, and the rule's threshold then. */
    value: numeric("value", { precision: 14, scale: 6, mode: "number" }).notNull(),
    threshold: numeric("threshold", { precision: 14, scale: 6, mode: "number" }).notNull(),
    windowMinutes: integer("window_minutes").notNull(),
    runs: integer("runs").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp("cleared_at", { withTimezone: true }),
  },
  (t) => [
    // One open alert per rule and agent: raising is idempotent across workers.
    uniqueIndex("alerts_open_key").on(t.ruleId, t.agentName).where(sql`cleared_at is null`),
    index("alerts_tenant_raised_idx").on(t.tenantId, t.raisedAt.desc()),
  ],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
