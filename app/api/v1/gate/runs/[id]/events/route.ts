import { getDb } from "@/db/client";
import { gateRunEvents } from "@/lib/gate/events";
import { apiRoute } from "@/lib/http/api-route";

/** Server-sent events of a gate run: a kill or a pause reaches the agent at once. */
export const GET = apiRoute<{ id: string }>(
  { scope: "runs:start", responses: { 200: "text/event-stream" } },
  async ({ actor, params, request }) => gateRunEvents(getDb(), actor, params.id, request.signal),
);
