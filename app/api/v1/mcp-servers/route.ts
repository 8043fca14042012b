import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { registerMcpServerSchema } from "@/lib/mcp-servers/schemas";
import { listMcpServers, registerMcpServer } from "@/lib/mcp-servers/servers";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { mcpServerJson, refreshJson, toMcpServerJson, toRefreshJson } from "./mcp-server-json";

/** The tenant's MCP servers: header names only, never their values. */
export const GET = apiRoute(
  { scope: "tools:manage", responses: { 200: z.object({ servers: z.array(mcpServerJson) }) } },
  async ({ actor }) => ({
    servers: (await listMcpServers(getDb(), actor)).map(toMcpServerJson),
  }),
);

/**
 * Registers a server and lists its tools into the catalog. A server that cannot be reached is still
 * registered: `last_error` (and `refresh.last_error`) say why; fix it and POST …/refresh.
 */
export const POST = apiRoute(
  {
    scope: "tools:manage",
    body: registerMcpServerSchema,
    responses: { 201: mcpServerJson.extend({ refresh: refreshJson }) },
  },
  async ({ actor, body }) => {
    const { server, refresh } = await registerMcpServer(getDb(), actor, body);
    forgetTenantTools(actor.tenantId);
    return Response.json(
      { ...toMcpServerJson(server), refresh: toRefreshJson(refresh) },
      { status: 201, headers: { location: `/api/v1/mcp-servers/${server.id}` } },
    );
  },
);
