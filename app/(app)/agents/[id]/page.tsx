import type { Metadata } from "next";
import Link from "next/link";
import { AgentDefinition } from "@/components/agents/agent-definition";
import { AgentFacts } from "@/components/agents/agent-facts";
import { AgentForm } from "@/components/agents/agent-form";
import { RecentRuns } from "@/components/agents/recent-runs";
import { UnpricedModelNotice } from "@/components/agents/unpriced-model-notice";
import { AgentKillState } from "@/components/kill/agent-kill-state";
import { AgentUndoRate } from "@/components/receipts/agent-undo-rate";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { findAgent } from "@/lib/agents/queries";
import { agentToolOptions, allToolOptions } from "@/lib/agents/tool-options";
import { can } from "@/lib/auth/actor";
import { requirePageSession } from "@/lib/auth/session";
import { agentSwitch } from "@/lib/kill/queries";
import { getUndoRate } from "@/lib/metrics/undo-rate";
import { priceAt } from "@/lib/models/pricing";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { listRuns } from "@/lib/runs/queries";
import { redactRunText } from "@/lib/runs/redact";

export const metadata: Metadata = { title: "Agent" };

const back = (
  <Link href="/agents" className="button button-secondary">
    ← Agents
  </Link>
);

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:read")) return <Forbidden what="agents" />;
  const { id } = await params;
  const db = getDb();
  const agent = await findAgent(db, actor, id);
  if (!agent) {
    return (
      <>
        <PageHeader title="Agent not found" actions={back} />
        <EmptyState icon="∅" title="Agent not found">
          <p>There is no agent with this id in {actor.tenantName}. It may belong to another tenant.</p>
        </EmptyState>
      </>
    );
  }
  const redactor = await redactorFor(db, actor);
  const runs = can(actor, "runs:read")
    ? (await listRuns(db, actor, { agent: agent.name, limit: 10 })).runs.map((run) =>
        redactRunText(run, redactor),
      )
    : null;
  const paused = await agentSwitch(db, actor.tenantId, agent.id);
  const undo = can(actor, "dashboards:read") ? await getUndoRate(db, actor, { agent: agent.name }) : null;
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const unpriced = (await priceAt(db, agent.model, today, actor.tenantId)) === null;
  return (
    <>
      <PageHeader
        title={agent.name}
        description={agent.description || undefined}
        actions={
          <div className="page-actions">
            {back}
            {can(actor, "runs:start") && (
              <Link
                href={`/runs/new?${new URLSearchParams({ agent: agent.name })}`}
                className="button button-primary"
              >
                Run
              </Link>
            )}
          </div>
        }
      />
      <AgentKillState agentId={agent.id} paused={paused} canKill={can(actor, "kill:engage")} />
      <AgentFacts agent={agent} now={now} />
      {unpriced && (
        <UnpricedModelNotice model={agent.model} today={today} canPrice={can(actor, "prices:manage")} />
      )}
      {undo && <AgentUndoRate agentName={agent.name} rate={undo} />}
      {can(actor, "agents:write") ? (
        <AgentForm
          agentId={agent.id}
          version={agent.version}
          tools={allToolOptions(agent.tools)}
          current={{
            description: agent.description,
            model: agent.model,
            fallbackModel: agent.fallbackModel ?? "",
            onReject: agent.onReject,
            mode: agent.dryRun ? "dry_run" : "live",
            instructions: agent.instructions,
            tools: agent.tools,
            requiredEvidence: agent.requiredEvidence,
            maxSteps: String(agent.maxSteps),
            maxSeconds: String(agent.maxSeconds),
            maxToolCalls: agent.maxToolCalls === null ? "" : String(agent.maxToolCalls),
            maxTokens: agent.maxTokens === null ? "" : String(agent.maxTokens),
            maxCostUsd: agent.maxCostUsd === null ? "" : String(agent.maxCostUsd),
          }}
        />
      ) : (
        <AgentDefinition agent={agent} tools={agentToolOptions(agent.tools)} role={actor.role} />
      )}
      {runs && <RecentRuns agentName={agent.name} runs={runs} now={now} />}
    </>
  );
}
