import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { deleteMcpServer } from "@/lib/mcp-servers/servers";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";

type Params = { id: string };

/** Removes the server and its tools from the catalog; `usedBy` names the agents that listed them. */
export const DELETE = apiRoute<Params>({ scope: "tools:manage" }, async ({ actor, params }) => {
  const deleted = await deleteMcpServer(getDb(), actor, params.id);
  forgetTenantTools(actor.tenantId);
  return deleted;
});
