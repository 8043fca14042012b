import { getDb } from "@/db/client";
import { gateCallState } from "@/lib/gate/call-state";
import { apiRoute } from "@/lib/http/api-route";
import { waitQuery } from "@/lib/runs/wait-run";
import { gateDecisionJson } from "../../../../gate-json";

/** Where a call stands; `?wait=30` waits up to that many seconds while a person decides it. */
export const GET = apiRoute<{ id: string; call_id: string }, undefined, typeof waitQuery>(
  { scope: "runs:start", query: waitQuery, responses: { 200: gateDecisionJson } },
  async ({ actor, params, query }) => {
    return gateCallState(getDb(), actor, params.id, params.call_id, query.wait);
  },
);
