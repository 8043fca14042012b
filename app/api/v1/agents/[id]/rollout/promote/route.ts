import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { promoteRollout } from "@/lib/rollout/promote-rollout";
import { rolloutJson, toRolloutJson } from "@/lib/rollout/rollout-json";
import { getRolloutView } from "@/lib/rollout/rollout-view";

const body = z.object({
  expected_version: z.number({ error: "Send the agent version you saw as expected_version." }).int().min(1),
});

/** Makes the candidate the agent's current version (a new version) and ends the rollout as promoted. */
export const POST = apiRoute<{ id: string }, typeof body>(
  { scope: "agents:write", body, responses: { 200: rolloutJson } },
  async ({ actor, body, params }) => {
    const db = getDb();
    await promoteRollout(db, actor, params.id, { expectedVersion: body.expected_version });
    return toRolloutJson(await getRolloutView(db, actor, params.id));
  },
);
