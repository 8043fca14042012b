import type { Metadata } from "next";
import { AddServerForm } from "@/components/tools/add-server-form";
import { CatalogTable } from "@/components/tools/catalog-table";
import { RemovedNotice } from "@/components/tools/removed-notice";
import { ServerList } from "@/components/tools/server-list";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { requirePageSession } from "@/lib/auth/session";
import { listCatalog } from "@/lib/mcp-servers/catalog";
import { listMcpServers } from "@/lib/mcp-servers/servers";

export const metadata: Metadata = { title: "Tools" };

export default async function ToolsPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:read")) return <Forbidden what="the tool catalog" />;
  const canManage = can(actor, "tools:manage");
  const [catalog, servers] = await Promise.all([
    listCatalog(getDb(), actor),
    canManage ? listMcpServers(getDb(), actor) : Promise.resolve(null),
  ]);
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
        <CatalogTable tools={catalog} canManage={canManage} />
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
