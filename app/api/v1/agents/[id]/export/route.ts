import { getDb } from "@/db/client";
import { agentFileResponse } from "@/lib/agents/agent-file";
import { getAgent } from "@/lib/agents/queries";
import { apiRoute } from "@/lib/http/api-route";

/** The agent as a file to keep in git: YAML, or JSON with `?format=json`. */
export const GET = apiRoute<{ id: string }>(
  { scope: "agents:read", responses: { 200: "application/yaml" } },
  async ({ actor, params, request }) =>
    agentFileResponse(
      await getAgent(getDb(), actor, params.id),
      new URL(request.url).searchParams.get("format"),
    ),
);
