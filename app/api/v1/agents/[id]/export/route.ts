import { z } from "zod";
import { getDb } from "@/db/client";
import { agentFileResponse } from "@/lib/agents/agent-file";
import { getAgent } from "@/lib/agents/queries";
import { apiRoute } from "@/lib/http/api-route";

/** The agent as a file to keep in git: YAML, or JSON with `?format=json`. */
const exportQuery = z.object({
  format: z.enum(["yaml", "json"]).default("yaml").describe("The file's format."),
});

export const GET = apiRoute<{ id: string }, undefined, typeof exportQuery>(
  {
    scope: "agents:read",
    query: exportQuery,
    responses: { 200: "application/yaml" },
  },
  async ({ actor, params, query }) =>
    agentFileResponse(await getAgent(getDb(), actor, params.id), query.format),
);
