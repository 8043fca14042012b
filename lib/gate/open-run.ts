import type { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { startRun } from "@/lib/runs/start-run";
import type { openGateRunSchema } from "./schemas";

/** A goal policy traces arguments back to, when the agent gave none. */
const NO_INPUT = "(an agent that runs elsewhere; it gave no input)";

/**
 * Opens a governed run for one of the tenant's agents that runs elsewhere: the agent's tools,
 * limits and policy apply to every call it asks about. The same checks as a start (the agent
 * exists and is live, no kill switch holds it, the tenant's budget is not used up).
 */
export async function openGateRun(
  db: Db,
  actor: Actor,
  input: z.output<typeof openGateRunSchema>,
  requestKey?: string,
) {
  return startRun(
    db,
    actor,
    { agent: input.agent, model: input.model, limits: input.limits, input: input.input || NO_INPUT },
    { requestKey, gate: { externalId: input.external_id } },
  );
}
