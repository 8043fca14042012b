import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { killSwitchJson, killSwitchShape } from "@/lib/kill/kill-switch-json";
import { releaseKillSchema, releaseKillSwitch } from "@/lib/kill/release-kill-switch";

export const POST = apiRoute(
  { scope: "kill:engage", body: releaseKillSchema, responses: { 200: killSwitchShape } },
  async ({ actor, body }) => killSwitchJson(await releaseKillSwitch(getDb(), actor, body)),
);
