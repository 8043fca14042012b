import { z } from "zod";
import { getDb } from "@/db/client";
import { agentJson, agentSummaryJson, toAgentJson, toAgentSummaryJson } from "@/lib/agents/agent-json";
import { createAgent, createAgentSchema } from "@/lib/agents/create-agent";
import { listAgents } from "@/lib/agents/queries";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";

export const GET = apiRoute(
  {
    scope: "agents:read",
    query: z.object({
      archived: z
        .enum(["true", "false"])
        .default("false")
        .describe("`true`: archived agents are listed too."),
    }),
    responses: { 200: z.object({ agents: z.array(agentSummaryJson) }) },
  },
  async ({ actor, query }) => {
    const includeArchived = query.archived === "true";
    return { agents: (await listAgents(getDb(), actor, { includeArchived })).map(toAgentSummaryJson) };
  },
);

const createBody = snakeCaseBody(createAgentSchema);

export const POST = apiRoute(
  { scope: "agents:write", body: createBody, responses: { 201: agentJson } },
  async ({ actor, body }) => {
    const agent = await createAgent(getDb(), actor, body);
    return Response.json(toAgentJson(agent), {
      status: 201,
      headers: { location: `/api/v1/agents/${agent.id}` },
    });
  },
);
