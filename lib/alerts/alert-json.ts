import { z } from "zod";
import type { Alert, AlertRule } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import { publicUrl } from "@/lib/public-url";
import { describeAlert } from "./describe-alert";

export const alertShape = z.object({
  id: z.string(),
  rule_id: z.string(),
  agent: z.string(),
  metric: z.string(),
  value: z.number(),
  threshold: z.number(),
  window_minutes: z.number(),
  runs: z.number(),
  description: z.string(),
  raised_at: timestamp,
  cleared_at: timestamp.nullable(),
  url: z.string(),
});

export const alertJson = (a: Alert): z.input<typeof alertShape> => ({
  id: a.id,
  rule_id: a.ruleId,
  agent: a.agentName,
  metric: a.metric,
  value: a.value,
  threshold: a.threshold,
  window_minutes: a.windowMinutes,
  runs: a.runs,
  description: describeAlert(a),
  raised_at: a.raisedAt.toISOString(),
  cleared_at: a.clearedAt?.toISOString() ?? null,
  url: publicUrl(`/runs?agent=${encodeURIComponent(a.agentName)}`),
});

export const alertRuleShape = z.object({
  id: z.string(),
  agent: z.string().nullable(),
  metric: z.string(),
  threshold: z.number(),
  window_minutes: z.number(),
  min_runs: z.number(),
  created_by: z.string(),
  created_at: timestamp,
  open_alerts: z.number(),
});

export const alertRuleJson = (r: AlertRule & { openAlerts?: number }): z.input<typeof alertRuleShape> => ({
  id: r.id,
  agent: r.agentName,
  metric: r.metric,
  threshold: r.threshold,
  window_minutes: r.windowMinutes,
  min_runs: r.minRuns,
  created_by: r.createdBy,
  created_at: r.createdAt.toISOString(),
  open_alerts: r.openAlerts ?? 0,
});
