import type { Metadata } from "next";
import { requirePageSession } from "@/app/(app)/page-session";
import { AddServerForm } from "@/components/tools/add-server-form";
import { CatalogTable } from "@/components/tools/catalog-table";
import { RemovedNotice } from "@/components/tools/removed-notice";
import { ServerList } from "@/components/tools/server-list";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { agentsByTool, listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { listCatalog } from "@/lib/mcp-servers/catalog";
import { listMcpServers } from "@/lib/mcp-servers/servers";
import { TOOL_USAGE_DAYS, toolUsage } from "@/lib/metrics/tool-usage";
import { breakerStates } from "@/lib/resilience/breakers";

export const metadata: Metadata = { title: "Tools" };

export default async function ToolsPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:read")) return <Forbidden what="the tool catalog" />;
  const canManage = can(actor, "tools:manage");
  const db = getDb();
  const [catalog, servers, agents, usage] = await Promise.all([
    listCatalog(db, actor),
    canManage ? listMcpServers(db, actor) : Promise.resolve(null),
    listAgents(db, actor),
    can(actor, "dashboards:read") ? toolUsage(db, actor) : Promise.resolve(null),
  ]);
  const usedBy = agentsByTool(agents);
  const breakers = Object.fromEntries(
    breakerStates(actor.tenantId).flatMap((b) => (b.kind === "mcp" ? [[b.name, b.state]] : [])),
  );
  const extras = {
    usage: usage ? Object.fromEntries(usage) : undefined,
    usageDays: TOOL_USAGE_DAYS,
    usedBy,
    breakers,
  };
  const hasMcp = servers ? servers.length > 0 : catalog.some((tool) => tool.source === "mcp");
  return (
    <>
      <PageHeader
        title="Tools"
        description="Every tool this tenant can give an agent: the built-in tools, and the tools of the tenant's MCP servers. Policy still decides whether each call runs."
      />
      {canManage && <RemovedNotice />}
      <section className="card" style={{ padding: 0 }} aria-labelledby="catalog-title">
        <h2 id="catalog-title" className="tools-section-title">
          Catalog
        </h2>
        <CatalogTable tools={catalog} canManage={canManage} extras={extras} />
      </section>
      {!hasMcp && (
        <EmptyState icon="🔌" title="No MCP servers yet">
          <p>
            An MCP (Model Context Protocol) server offers tools of its own — a CRM, a ticket system, a notes
            service. Once registered, its tools join the catalog above as <code>server__tool</code>, and an
            agent can be given them like any built-in tool.
          </p>
          <p>
            {canManage
              ? "Add one with the form below: Flightdeck connects, lists its tools and treats each as a write until you say otherwise."
              : "An admin registers MCP servers; their tools then appear here."}
          </p>
        </EmptyState>
      )}
      {canManage && servers && servers.length > 0 && <ServerList servers={servers} />}
      {canManage && <AddServerForm />}
    </>
  );
}
