import { getDb } from "@/db/client";
import { appBaseUrl } from "@/lib/app-base-url";
import { askGate } from "@/lib/gate/ask";
import { gateCallSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { answeredResponse } from "@/lib/http/idempotency";
import { gateDecisionJson } from "../../../gate-json";

/** The agent asks before a tool call: allow, deny, pending, paused, killed or budget_exhausted. */
export const POST = apiRoute<{ id: string }, typeof gateCallSchema>(
  // A retried ask is answered from the call it recorded (see askGate).
  { scope: "runs:start", body: gateCallSchema, ownIdempotency: true, responses: { 200: gateDecisionJson } },
  async ({ actor, params, body, keyed }) =>
    answeredResponse(await askGate(getDb(), actor, params.id, body, appBaseUrl(), keyed)),
);
