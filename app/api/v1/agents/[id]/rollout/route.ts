import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { rolloutJson, toRolloutJson } from "@/lib/rollout/rollout-json";
import { abandonRollout, rolloutSettingsSchema, setRollout } from "@/lib/rollout/rollout-settings";
import { getRolloutView } from "@/lib/rollout/rollout-view";

type Params = { id: string };

/** The agent's rollout (under way, or the last one with how it ended), the runs each side served and the shadows. */
export const GET = apiRoute<Params>(
  { scope: "agents:read", responses: { 200: rolloutJson } },
  async ({ actor, params }) => toRolloutJson(await getRolloutView(getDb(), actor, params.id)),
);

const settingsBody = snakeCaseBody(rolloutSettingsSchema);

/** Starts a rollout of a candidate version, or changes the one under way. */
export const PUT = apiRoute<Params, typeof settingsBody>(
  { scope: "agents:write", body: settingsBody, responses: { 200: rolloutJson } },
  async ({ actor, body, params }) => {
    const db = getDb();
    await setRollout(db, actor, params.id, body);
    return toRolloutJson(await getRolloutView(db, actor, params.id));
  },
);

/** Abandons the rollout under way: every new run gets the current version again. */
export const DELETE = apiRoute<Params>(
  { scope: "agents:write", responses: { 200: rolloutJson } },
  async ({ actor, params }) => {
    const db = getDb();
    await abandonRollout(db, actor, params.id);
    return toRolloutJson(await getRolloutView(db, actor, params.id));
  },
);
