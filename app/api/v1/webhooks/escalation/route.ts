import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import {
  escalationSettingSchema,
  getEscalationSetting,
  setEscalationSetting,
} from "@/lib/webhooks/escalation-setting";

/** After how many minutes an undecided approval request is sent to `approval.escalated` receivers (null: never). */
export const GET = apiRoute(
  { scope: "webhooks:manage", responses: { 200: escalationSettingSchema } },
  async ({ actor }) => getEscalationSetting(getDb(), actor),
);

export const PUT = apiRoute(
  { scope: "webhooks:manage", body: escalationSettingSchema, responses: { 200: escalationSettingSchema } },
  async ({ actor, body }) => setEscalationSetting(getDb(), actor, body),
);
