import { getDb } from "@/db/client";
import { agentChangeJson, agentJson, toAgentJson } from "@/lib/agents/agent-json";
import { archiveAgent } from "@/lib/agents/archive-agent";
import { getAgent } from "@/lib/agents/queries";
import { updateAgent, updateAgentSchema } from "@/lib/agents/update-agent";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCase, snakeCaseBody } from "@/lib/http/naming";

type Params = { id: string };

export const GET = apiRoute<Params>(
  { scope: "agents:read", responses: { 200: agentJson } },
  async ({ actor, params }) => toAgentJson(await getAgent(getDb(), actor, params.id)),
);

const updateBody = snakeCaseBody(updateAgentSchema);

export const PATCH = apiRoute<Params, typeof updateBody>(
  { scope: "agents:write", body: updateBody, responses: { 200: agentChangeJson } },
  async ({ actor, body, params }) => {
    const { agent, changed } = await updateAgent(getDb(), actor, params.id, body);
    return { ...toAgentJson(agent), changed: changed.map(snakeCase) };
  },
);

/** Archives the agent (no new runs; its history stays). POST …/unarchive brings it back. */
export const DELETE = apiRoute<Params>(
  { scope: "agents:write", responses: { 200: agentJson } },
  async ({ actor, params }) => toAgentJson(await archiveAgent(getDb(), actor, params.id)),
);
