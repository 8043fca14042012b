import { getDb } from "@/db/client";
import { toAgentSummaryJson } from "@/lib/agents/agent-json";
import { listAgents } from "@/lib/agents/queries";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ scope: "agents:read" }, async ({ actor }) => ({
  agents: (await listAgents(getDb(), actor)).map(toAgentSummaryJson),
}));
