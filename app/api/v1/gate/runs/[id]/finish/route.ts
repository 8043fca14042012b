import { getDb } from "@/db/client";
import { finishGateRun } from "@/lib/gate/finish";
import { gateFinishSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { gateFinishedJson } from "../../../gate-json";

/** Ends the run with the agent's answer and claims (checked against receipts), or its error. */
export const POST = apiRoute<{ id: string }, typeof gateFinishSchema>(
  {
    scope: "runs:start",
    body: gateFinishSchema,
    maxBodyBytes: 1024 * 1024,
    responses: { 200: gateFinishedJson },
  },
  async ({ actor, params, body }) => finishGateRun(getDb(), actor, params.id, body),
);
