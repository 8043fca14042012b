import { getDb } from "@/db/client";
import { reportGateResult } from "@/lib/gate/report";
import { gateResultSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";

/** What an allowed call did, with the agent's evidence: recorded as a step and a receipt. */
export const POST = apiRoute<{ id: string; callId: string }, typeof gateResultSchema>(
  { scope: "runs:start", body: gateResultSchema, maxBodyBytes: 1024 * 1024 },
  async ({ actor, params, body }) => reportGateResult(getDb(), actor, params.id, params.callId, body),
);
