import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { refreshMcpTools } from "@/lib/mcp-servers/refresh";
import { getMcpServer } from "@/lib/mcp-servers/servers";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { mcpServerJson, refreshJson, toMcpServerJson, toRefreshJson } from "../../mcp-server-json";

type Params = { id: string };

/** Lists the server's tools again: new ones are added, gone ones removed, settings kept. */
export const POST = apiRoute<Params>(
  { scope: "tools:manage", responses: { 200: refreshJson.extend({ server: mcpServerJson }) } },
  async ({ actor, params }) => {
    const refresh = await refreshMcpTools(getDb(), actor, params.id);
    forgetTenantTools(actor.tenantId);
    return {
      ...toRefreshJson(refresh),
      server: toMcpServerJson(await getMcpServer(getDb(), actor, params.id)),
    };
  },
);
