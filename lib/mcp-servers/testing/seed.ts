import type { Db } from "@/db/client";
import { mcpServers, mcpTools } from "@/db/schema";

/**
 * For fixtures: a server of the tenant with one usable tool (`<name>__lookup`), written straight to
 * the database (nothing is contacted). Its URL (a private address, port 1) is refused before any connection, so a refresh fails fast with a
 * `lastError` and keeps the tool.
 */
export async function seedMcpServer(
  db: Db,
  tenantId: string,
  name = "crm",
): Promise<{ serverId: string; toolName: string }> {
  const [server] = await db
    .insert(mcpServers)
    .values({ tenantId, name, transport: "http", url: "http://127.0.0.1:1/mcp", createdBy: "fixture" })
    .returning();
  if (!server) throw new Error("server not created");
  const toolName = `${name}__lookup`;
  await db.insert(mcpTools).values({
    tenantId,
    serverId: server.id,
    remoteName: "lookup",
    name: toolName,
    description: "Looks a customer up by id.",
    inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
  });
  return { serverId: server.id, toolName };
}
