import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { AgentForm } from "@/components/agents/agent-form";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import type { Agent } from "@/db/schema";
import { findAgent } from "@/lib/agents/queries";
import { allToolOptions } from "@/lib/agents/tool-options";
import { can } from "@/lib/auth/actor";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import { workflowNames } from "@/lib/workflows/registry";
import type { AgentFormValues } from "../form-input";

export const metadata: Metadata = { title: "New agent" };

const BLANK: AgentFormValues = {
  name: "",
  description: "",
  model: "sim:default",
  fallbackModel: "",
  routerModel: "",
  instructions: "",
  tools: [],
  requiredEvidence: [],
  tags: "",
  workflow: "",
  onReject: "continue",
  contextStrategy: "clip_and_drop_middle",
  mode: "dry_run",
  maxSteps: "30",
  maxSeconds: "300",
  maxToolCalls: "",
  maxTokens: "",
  maxCostUsd: "",
  comment: "",
};

const number = (value: number | null) => (value === null ? "" : String(value));

/** A copy starts from the source's definition, in dry run, under a name of its own. */
function copyValues(source: Agent): AgentFormValues {
  return {
    ...BLANK,
    name: `${source.name}-copy`.slice(0, 64),
    description: source.description,
    model: source.model,
    fallbackModel: source.fallbackModel ?? "",
    routerModel: source.routerModel ?? "",
    instructions: source.instructions,
    tools: source.tools,
    requiredEvidence: source.requiredEvidence,
    tags: source.tags.join(", "),
    workflow: source.workflow ?? "",
    onReject: source.onReject,
    contextStrategy: source.contextStrategy,
    maxSteps: String(source.maxSteps),
    maxSeconds: String(source.maxSeconds),
    maxToolCalls: number(source.maxToolCalls),
    maxTokens: number(source.maxTokens),
    maxCostUsd: number(source.maxCostUsd),
  };
}

export default async function NewAgentPage({ searchParams }: { searchParams: Promise<{ copy?: string }> }) {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:write")) return <Forbidden what="the form that creates agents" />;
  const { copy } = await searchParams;
  const source = typeof copy === "string" && copy ? await findAgent(getDb(), actor, copy) : null;
  await loadTenantTools(getDb(), actor.tenantId);
  return (
    <>
      <PageHeader
        title={source ? `New agent from ${source.name}` : "New agent"}
        description="An agent is a model with instructions and tools, run inside the tenant's envelope: every tool call is validated, decided by policy, approved where policy says, budgeted, killable and receipted."
        actions={
          <Link href="/agents" className="button button-secondary">
            ← Agents
          </Link>
        }
      />
      {copy && !source && (
        <div className="alert alert-warn" role="status">
          The agent to copy is not in {actor.tenantName}: the form starts blank.
        </div>
      )}
      <AgentForm
        target={{
          kind: "new",
          ...(source ? { copyOf: { id: source.id, name: source.name, version: source.version } } : {}),
        }}
        tools={allToolOptions(source?.tools ?? [], actor.tenantId)}
        workflows={workflowNames()}
        current={source ? copyValues(source) : BLANK}
      />
    </>
  );
}
