import { getDb } from "@/db/client";
import { agentVersionJson, toAgentVersionJson } from "@/lib/agents/agent-json";
import { getVersion } from "@/lib/agents/versions";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute<{ id: string; version: string }>(
  { scope: "agents:read", responses: { 200: agentVersionJson } },
  async ({ actor, params }) =>
    toAgentVersionJson(await getVersion(getDb(), actor, params.id, Number(params.version))),
);
