import { getDb } from "@/db/client";
import { gateCallState } from "@/lib/gate/call-state";
import { apiRoute } from "@/lib/http/api-route";
import { gateDecisionJson } from "../../../../gate-json";

/** Where a call stands; `?wait=30` waits up to that many seconds while a person decides it. */
export const GET = apiRoute<{ id: string; callId: string }>(
  { scope: "runs:start", responses: { 200: gateDecisionJson } },
  async ({ actor, params, request }) => {
    const wait = Number(new URL(request.url).searchParams.get("wait") ?? "0");
    return gateCallState(getDb(), actor, params.id, params.callId, Number.isFinite(wait) ? wait : 0);
  },
);
