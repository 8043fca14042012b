import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { engageKillSchema, engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { killSwitchJson, killSwitchShape } from "@/lib/kill/kill-switch-json";

// The global scope additionally needs kill:global, checked by the use case.
const engaged = killSwitchShape.extend({ killed_queued_runs: z.number() });

export const POST = apiRoute(
  { scope: "kill:engage", body: engageKillSchema, responses: { 201: engaged } },
  async ({ actor, body }) => {
    const { killSwitch, killedQueued } = await engageKillSwitch(getDb(), actor, body);
    return Response.json(
      { ...killSwitchJson(killSwitch), killed_queued_runs: killedQueued },
      { status: 201 },
    );
  },
);
