import { z } from "zod";
import { getDb } from "@/db/client";
import { alertRuleJson, alertRuleShape } from "@/lib/alerts/alert-json";
import { createAlertRule, createAlertRuleSchema, listAlertRules } from "@/lib/alerts/alert-rules";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(
  { scope: "dashboards:read", responses: { 200: z.object({ rules: z.array(alertRuleShape) }) } },
  async ({ actor }) => ({ rules: (await listAlertRules(getDb(), actor)).map(alertRuleJson) }),
);

/** A condition on agents' recent runs; measured by the workers every half minute. */
export const POST = apiRoute(
  { scope: "alerts:manage", body: createAlertRuleSchema, responses: { 201: alertRuleShape } },
  async ({ actor, body }) =>
    Response.json(alertRuleJson(await createAlertRule(getDb(), actor, body)), { status: 201 }),
);
