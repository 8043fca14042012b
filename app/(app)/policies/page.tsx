import type { Metadata } from "next";
import "@/components/policy/policy.css";
import { requirePageSession } from "@/app/(app)/page-session";
import { exampleArgs } from "@/components/policy/example-args";
import { PolicyExplainer } from "@/components/policy/policy-explainer";
import { toolFields } from "@/components/policy/policy-fields";
import { PolicyWorkspace } from "@/components/policy/policy-workspace";
import { ScrollToStatement } from "@/components/policy/scroll-to-statement";
import { statementAnchors } from "@/components/policy/statement-anchors";
import type { TestAgent, VersionSummary } from "@/components/policy/types";
import { VersionHistory } from "@/components/policy/version-history";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { checkPolicy, parsePolicy } from "@/lib/policy/compile";
import {
  activePolicyVersion,
  listPolicyVersions,
  type PolicyVersionView,
} from "@/lib/policy/policy-versions";
import { getTool } from "@/lib/tools/registry";
import { loadTenantCatalog } from "@/lib/tools/tenant-tools";

export const metadata: Metadata = { title: "Policies" };

const summary = (v: PolicyVersionView): VersionSummary => ({
  version: v.version,
  comment: v.comment,
  createdBy: v.createdBy,
  createdAt: v.createdAt?.toISOString() ?? null,
});

export default async function PoliciesPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "policies:read")) return <Forbidden what="the tenant's policies" />;
  const db = getDb();
  const [active, versions, agents, catalog] = await Promise.all([
    activePolicyVersion(db, actor),
    listPolicyVersions(db, actor),
    can(actor, "agents:read") ? listAgents(db, actor, { includeArchived: true }) : [],
    loadTenantCatalog(db, actor.tenantId),
  ]);
  const testAgents: TestAgent[] = agents.map((agent) => ({
    name: agent.name,
    tools: agent.tools.flatMap((name) => {
      const tool = getTool(name, actor.tenantId);
      return tool ? [{ name, example: JSON.stringify(exampleArgs(tool), null, 2) }] : [];
    }),
  }));
  // Valid when saved; a tool it names may have left the catalog (or changed its arguments) since.
  const fit = checkPolicy(active.text, catalog.tools);
  const parsed = fit.ok ? fit : parsePolicy(active.text);
  const activeView = {
    ...summary(active),
    text: active.text,
    anchors: parsed.ok ? statementAnchors(active.text, parsed.statements) : undefined,
  };
  return (
    <>
      <ScrollToStatement />
      <PageHeader
        title="Policies"
        description={`The Cedar policy that decides which tool calls ${actor.tenantName}'s agents may make, which are denied and which wait for a person.`}
      />
      {!fit.ok && !fit.unprocessable ? (
        <div className="alert alert-warn" role="status">
          Version {active.version} no longer fits the tool catalog: {fit.problems[0]?.message} Its statements
          still decide, and one that no longer fits a call denies it. Save a version that fits the catalog.
        </div>
      ) : null}
      <div className="policy-layout">
        <PolicyWorkspace active={activeView} canWrite={can(actor, "policies:write")} agents={testAgents} />
        <VersionHistory
          versions={versions.map(summary)}
          active={activeView}
          canWrite={can(actor, "policies:write")}
        />
        <PolicyExplainer tools={toolFields(catalog.tools)} />
      </div>
    </>
  );
}
