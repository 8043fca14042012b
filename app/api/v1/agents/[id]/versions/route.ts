import { z } from "zod";
import { getDb } from "@/db/client";
import { agentVersionJson, toAgentVersionJson } from "@/lib/agents/agent-json";
import { listVersions } from "@/lib/agents/versions";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ id: string }>(
  { scope: "agents:read", responses: { 200: z.object({ versions: z.array(agentVersionJson) }) } },
  async ({ actor, params }) => ({
    versions: (await listVersions(getDb(), actor, params.id)).map(toAgentVersionJson),
  }),
);
