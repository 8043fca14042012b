import { appBaseUrl } from "@/app/(app)/policies/app-base-url";
import { getDb } from "@/db/client";
import { askGate } from "@/lib/gate/ask";
import { gateCallSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";

/** The agent asks before a tool call: allow, deny, pending, paused, killed or budget_exhausted. */
export const POST = apiRoute<{ id: string }, typeof gateCallSchema>(
  { scope: "runs:start", body: gateCallSchema },
  async ({ actor, params, body }) => askGate(getDb(), actor, params.id, body, appBaseUrl()),
);
