import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { listCatalog } from "@/lib/mcp-servers/catalog";

/** Every tool the tenant can give an agent: the built-in ones and the tenant's MCP tools. */
export const GET = apiRoute({ scope: "agents:read" }, async ({ actor }) => ({
  tools: await listCatalog(getDb(), actor),
}));
