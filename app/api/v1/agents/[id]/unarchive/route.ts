import { getDb } from "@/db/client";
import { agentJson, toAgentJson } from "@/lib/agents/agent-json";
import { unarchiveAgent } from "@/lib/agents/archive-agent";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>(
  { scope: "agents:write", responses: { 200: agentJson } },
  async ({ actor, params }) => toAgentJson(await unarchiveAgent(getDb(), actor, params.id)),
);
