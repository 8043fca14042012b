import { getDb } from "@/db/client";
import { reportGateResult } from "@/lib/gate/report";
import { gateResultSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { answeredResponse } from "@/lib/http/idempotency";
import { gateResultJson } from "../../../../../gate-json";

/** What an allowed call did, with the agent's evidence: recorded as a step and a receipt. */
export const POST = apiRoute<{ id: string; call_id: string }, typeof gateResultSchema>(
  // A call's result is recorded once; the same report sent again gets the first answer (see reportGateResult).
  {
    scope: "runs:start",
    body: gateResultSchema,
    maxBodyBytes: 1024 * 1024,
    ownIdempotency: true,
    responses: { 200: gateResultJson },
  },
  async ({ actor, params, body }) =>
    answeredResponse(await reportGateResult(getDb(), actor, params.id, params.call_id, body)),
);
