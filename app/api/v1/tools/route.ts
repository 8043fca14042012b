import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { listCatalog } from "@/lib/mcp-servers/catalog";
import { declareTool, declareToolSchema } from "@/lib/tools/declared";
import { declaredToolJson, toolJson, toToolJson } from "./tool-json";

/** Every tool the tenant can give an agent: the built-in ones, its MCP tools and its declared tools. */
export const GET = apiRoute(
  { scope: "agents:read", responses: { 200: z.object({ tools: z.array(toolJson) }) } },
  async ({ actor }) => ({
    tools: (await listCatalog(getDb(), actor)).map(toToolJson),
  }),
);

/** Declares a tool of an agent that runs elsewhere (docs/gate.md): 201 when new, 200 when replaced. */
export const POST = apiRoute(
  {
    scope: "tools:manage",
    body: declareToolSchema,
    responses: { 200: declaredToolJson, 201: declaredToolJson },
  },
  async ({ actor, body }) => {
    const { tool, replaced } = await declareTool(getDb(), actor, body);
    return Response.json(
      {
        name: tool.name,
        source: "declared",
        description: tool.description,
        risk: tool.risk,
        idempotent: tool.idempotent,
        input_schema: tool.inputSchema,
        resource: tool.resourceType ? { type: tool.resourceType, arg: tool.resourceArg } : null,
        replaced,
      },
      { status: replaced ? 200 : 201 },
    );
  },
);
