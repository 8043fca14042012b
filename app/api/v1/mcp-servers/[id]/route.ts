import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { deleteMcpServer } from "@/lib/mcp-servers/servers";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { mcpServerJson, toMcpServerJson } from "../mcp-server-json";

type Params = { id: string };

/** Removes the server and its tools from the catalog; `used_by` names the agents that listed them. */
const deleted = mcpServerJson.extend({ used_by: z.array(z.string()) });

export const DELETE = apiRoute<Params>(
  { scope: "tools:manage", responses: { 200: deleted } },
  async ({ actor, params }) => {
    const { usedBy, ...server } = await deleteMcpServer(getDb(), actor, params.id);
    forgetTenantTools(actor.tenantId);
    return { ...toMcpServerJson(server), used_by: usedBy };
  },
);
