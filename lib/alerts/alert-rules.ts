import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { ALERT_METRICS, type Alert, type AlertRule, agents, alertRules, alerts } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const MAX_RULES = 50;
const RECENT_ALERTS = 50;

export const METRIC_LABELS: Record<AlertRule["metric"], string> = {
  failure_rate: "Failure rate",
  p95_seconds: "p95 duration (s)",
  cost_usd: "Cost (USD)",
};

export const createAlertRuleSchema = z
  .object({
    agent: z.string().trim().min(1).max(200).nullable().default(null),
    metric: z.enum(ALERT_METRICS, { message: `Choose a metric among ${ALERT_METRICS.join(", ")}.` }),
    threshold: z.number("Give the threshold as a number.").positive("The threshold must be above zero."),
    window_minutes: z
      .int("Give the window in whole minutes.")
      .min(5, "A window of at least 5 minutes.")
      .max(1_440, "A window of at most a day (1440 minutes)."),
    min_runs: z.int("Give a whole number of runs.").min(1).max(10_000).default(5),
  })
  .refine((r) => r.metric !== "failure_rate" || r.threshold <= 1, {
    message: "A failure rate is a share between 0 and 1 (0.2 is 20 %).",
    path: ["threshold"],
  })
  .refine((r) => r.threshold <= 1_000_000, { message: "The threshold is too large.", path: ["threshold"] });

export type AlertRuleView = AlertRule & { openAlerts: number };

/** The tenant's rules, each with how many of its alerts are open now. */
export async function listAlertRules(db: Db, actor: Actor): Promise<AlertRuleView[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db
    .select({ rule: alertRules, openAlerts: count(alerts.id) })
    .from(alertRules)
    .leftJoin(alerts, and(eq(alerts.ruleId, alertRules.id), isNull(alerts.clearedAt)))
    .where(eq(alertRules.tenantId, actor.tenantId))
    .groupBy(alertRules.id)
    .orderBy(alertRules.createdAt);
  return rows.map((r) => ({ ...r.rule, openAlerts: r.openAlerts }));
}

/** Open alerts first, then the latest cleared ones. */
export async function listAlerts(
  db: Db,
  actor: Actor,
  options: { openOnly?: boolean } = {},
): Promise<Alert[]> {
  assertScope(actor, "dashboards:read");
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.tenantId, actor.tenantId), options.openOnly ? isNull(alerts.clearedAt) : undefined))
    .orderBy(sql`${alerts.clearedAt} is not null`, desc(alerts.raisedAt))
    .limit(RECENT_ALERTS);
}

export async function createAlertRule(
  db: Db,
  actor: Actor,
  input: z.input<typeof createAlertRuleSchema>,
): Promise<AlertRule> {
  assertScope(actor, "alerts:manage");
  const rule = createAlertRuleSchema.parse(input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alert-rules:${actor.tenantId}`}))`);
    const [existing] = await tx
      .select({ n: count() })
      .from(alertRules)
      .where(eq(alertRules.tenantId, actor.tenantId));
    if ((existing?.n ?? 0) >= MAX_RULES)
      throw new AppError("conflict", `A tenant has at most ${MAX_RULES} alert rules: remove one first.`);
    if (rule.agent !== null) {
      const [agent] = await tx
        .select({ id: agents.id })
        .from(agents)
        .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, rule.agent)));
      if (!agent)
        throw new AppError("invalid_input", `There is no agent named ${rule.agent} in this tenant.`);
    }
    const [row] = await tx
      .insert(alertRules)
      .values({
        tenantId: actor.tenantId,
        agentName: rule.agent,
        metric: rule.metric,
        threshold: rule.threshold,
        windowMinutes: rule.window_minutes,
        minRuns: rule.min_runs,
        createdBy: actor.label,
      })
      .returning();
    if (!row) throw new AppError("internal", "The alert rule could not be stored.");
    await recordAudit(tx, actor, {
      action: "alert_rule.created",
      targetType: "alert_rule",
      targetId: row.id,
      details: rule,
    });
    return row;
  });
}

/** Removes a rule and its alerts. */
export async function deleteAlertRule(db: Db, actor: Actor, input: { id: string }): Promise<void> {
  assertScope(actor, "alerts:manage");
  const parsed = z.object({ id: z.uuid() }).safeParse(input);
  if (!parsed.success) throw noSuchRule();
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(alertRules)
      .where(and(eq(alertRules.id, parsed.data.id), eq(alertRules.tenantId, actor.tenantId)))
      .returning();
    if (!removed) throw noSuchRule();
    await recordAudit(tx, actor, {
      action: "alert_rule.deleted",
      targetType: "alert_rule",
      targetId: removed.id,
      details: { agent: removed.agentName, metric: removed.metric, threshold: removed.threshold },
    });
  });
}

const noSuchRule = () => new AppError("not_found", "There is no such alert rule in this tenant.");
