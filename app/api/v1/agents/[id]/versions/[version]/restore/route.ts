import { z } from "zod";
import { getDb } from "@/db/client";
import { agentChangeJson, toAgentJson } from "@/lib/agents/agent-json";
import { restoreVersion } from "@/lib/agents/restore-version";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCase } from "@/lib/http/naming";

const body = z.object({
  expected_version: z.number({ error: "Send the version you saw as expected_version." }).int().min(1),
});

/** Makes this version's definition current again, as a new version. */
export const POST = apiRoute<{ id: string; version: string }, typeof body>(
  { scope: "agents:write", body, responses: { 200: agentChangeJson } },
  async ({ actor, body, params }) => {
    const { agent, changed } = await restoreVersion(getDb(), actor, params.id, {
      version: Number(params.version),
      expectedVersion: body.expected_version,
    });
    return { ...toAgentJson(agent), changed: changed.map(snakeCase) };
  },
);
