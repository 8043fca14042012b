import { getDb } from "@/db/client";
import { reportGateUsage } from "@/lib/gate/report";
import { gateUsageSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { gateUsageJson } from "../../../gate-json";

/** One model call's tokens, priced and counted against the run's and the tenant's budgets. */
export const POST = apiRoute<{ id: string }, typeof gateUsageSchema>(
  {
    scope: "runs:start",
    body: gateUsageSchema,
    maxBodyBytes: 1024 * 1024,
    responses: { 200: gateUsageJson },
  },
  async ({ actor, params, body }) => reportGateUsage(getDb(), actor, params.id, body),
);
