import "@/components/playbooks/playbooks.css";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/(app)/page-session";
import { AgentDefinition } from "@/components/agents/agent-definition";
import { AgentFacts } from "@/components/agents/agent-facts";
import { AgentForm } from "@/components/agents/agent-form";
import { AgentVersions } from "@/components/agents/agent-versions";
import { ArchiveControl } from "@/components/agents/archive-control";
import { ReadinessGate } from "@/components/agents/readiness-gate";
import { RecentRuns } from "@/components/agents/recent-runs";
import { UnpricedModelNotice } from "@/components/agents/unpriced-model-notice";
import { AgentKillState } from "@/components/kill/agent-kill-state";
import { PinnedPlaybooks } from "@/components/playbooks/pinned-playbooks";
import { AgentUndoRate } from "@/components/receipts/agent-undo-rate";
import { RolloutSection } from "@/components/rollout/rollout-section";
import { Time } from "@/components/time/time-zone";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { findAgent } from "@/lib/agents/queries";
import { readinessOf } from "@/lib/agents/readiness";
import { agentToolOptions, allToolOptions } from "@/lib/agents/tool-options";
import { listVersions } from "@/lib/agents/versions";
import { can } from "@/lib/auth/actor";
import { utcDay } from "@/lib/day";
import { suiteNames } from "@/lib/evals/suite-store";
import { agentSwitch } from "@/lib/kill/queries";
import { getUndoRate } from "@/lib/metrics/undo-rate";
import { priceAt } from "@/lib/models/pricing";
import { applicablePlaybooks } from "@/lib/playbooks/applicable";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { getRolloutView } from "@/lib/rollout/rollout-view";
import { listRuns } from "@/lib/runs/queries";
import { redactRunText } from "@/lib/runs/redact";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import { workflowNames } from "@/lib/workflows/registry";

export const metadata: Metadata = { title: "Agent" };

const back = (
  <Link href="/agents" className="button button-secondary">
    ← Agents
  </Link>
);

type SearchParams = { from?: string; to?: string; created?: string };

const compared = (query: SearchParams) => {
  const from = Number(query.from);
  const to = Number(query.to);
  return Number.isSafeInteger(from) && Number.isSafeInteger(to) ? { from, to } : null;
};

export default async function AgentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:read")) return <Forbidden what="agents" />;
  const { id } = await params;
  const query = await searchParams;
  const db = getDb();
  const agent = await findAgent(db, actor, id);
  if (!agent) notFound();
  const redactor = await redactorFor(db, actor);
  const runs = can(actor, "runs:read")
    ? (await listRuns(db, actor, { agent: agent.name, limit: 10 })).runs.map((run) =>
        redactRunText(run, redactor),
      )
    : null;
  const paused = await agentSwitch(db, actor.tenantId, agent.id);
  const undo = can(actor, "dashboards:read") ? await getUndoRate(db, actor, { agent: agent.name }) : null;
  const now = Date.now();
  const today = utcDay(now);
  const unpriced = (await priceAt(db, agent.model, today, actor.tenantId)) === null;
  const versions = await listVersions(db, actor, agent.id);
  const rollout = await getRolloutView(db, actor, agent.id);
  await loadTenantTools(db, actor.tenantId);
  const canWrite = can(actor, "agents:write");
  const archived = agent.archivedAt !== null;
  const readiness = await readinessOf(db, actor.tenantId, agent.id, agent.version);
  const gateSuites = canWrite && !archived && can(actor, "evals:read") ? await suiteNames(db, actor) : null;
  const playbooks = can(actor, "playbooks:read")
    ? await applicablePlaybooks(db, actor.tenantId, agent.tags)
    : null;
  return (
    <>
      <PageHeader
        title={agent.name}
        description={agent.description || undefined}
        actions={
          <div className="page-actions">
            {back}
            <a href={`/api/agents/${agent.id}/export`} className="button button-secondary" download>
              Export
            </a>
            {can(actor, "memory:read") && (
              <Link href={`/agents/${agent.id}/memory`} className="button button-secondary">
                Memory
              </Link>
            )}
            {can(actor, "audit:read") && (
              <Link href={`/audit?target=${agent.id}`} className="button button-secondary">
                Audit entries
              </Link>
            )}
            {canWrite && (
              <Link
                href={`/agents/new?${new URLSearchParams({ copy: agent.id })}`}
                className="button button-secondary"
              >
                Duplicate
              </Link>
            )}
            {can(actor, "runs:start") && !archived && (
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
      {query.created === "1" && (
        <div className="alert alert-ok" role="status">
          Created {agent.name} at version {agent.version}
          {agent.dryRun
            ? ", in dry run: its write tools only preview what they would do until you switch it live"
            : ""}
          .
        </div>
      )}
      {agent.archivedAt && (
        <div className="alert alert-warn" role="status">
          Archived by {agent.archivedBy} on <Time at={agent.archivedAt} />: it starts no new runs. Its runs
          and versions stay.
        </div>
      )}
      <AgentKillState agentId={agent.id} paused={paused} canKill={can(actor, "kill:engage")} />
      <AgentFacts agent={agent} now={now} />
      {agent.workflow && (
        <p className="card" role="note" data-testid="agent-workflow">
          Its runs follow the workflow <span className="mono">{agent.workflow}</span>: a graph of steps in
          code, where the model only answers the steps that ask it; each run's page draws the graph with each
          step's state. Its tools are the ones the workflow calls.
        </p>
      )}
      {unpriced && (
        <UnpricedModelNotice model={agent.model} today={today} canPrice={can(actor, "prices:manage")} />
      )}
      {undo && <AgentUndoRate agentName={agent.name} rate={undo} />}
      {(readiness || gateSuites) && (
        <ReadinessGate
          agentId={agent.id}
          agentName={agent.name}
          version={agent.version}
          dryRun={agent.dryRun}
          readiness={readiness}
          suites={gateSuites}
        />
      )}
      {canWrite && !archived ? (
        <AgentForm
          target={{ kind: "edit", agentId: agent.id, version: agent.version }}
          tools={allToolOptions(agent.tools, actor.tenantId)}
          workflows={workflowNames()}
          current={{
            description: agent.description,
            model: agent.model,
            fallbackModel: agent.fallbackModel ?? "",
            routerModel: agent.routerModel ?? "",
            onReject: agent.onReject,
            contextStrategy: agent.contextStrategy,
            mode: agent.dryRun ? "dry_run" : "live",
            instructions: agent.instructions,
            tools: agent.tools,
            requiredEvidence: agent.requiredEvidence,
            tags: agent.tags.join(", "),
            workflow: agent.workflow ?? "",
            maxSteps: String(agent.maxSteps),
            maxSeconds: String(agent.maxSeconds),
            maxToolCalls: agent.maxToolCalls === null ? "" : String(agent.maxToolCalls),
            maxTokens: agent.maxTokens === null ? "" : String(agent.maxTokens),
            maxCostUsd: agent.maxCostUsd === null ? "" : String(agent.maxCostUsd),
            comment: "",
          }}
        />
      ) : (
        <AgentDefinition
          agent={agent}
          tools={agentToolOptions(agent.tools, actor.tenantId)}
          role={actor.role}
        />
      )}
      {playbooks && (
        <PinnedPlaybooks
          playbooks={playbooks}
          title="Playbooks"
          intro={`Added to the system prompt of this agent's next runs, because it carries the tags ${agent.tags.join(", ")}. Each run keeps the versions it started with.`}
          empty={
            agent.tags.length === 0
              ? "This agent carries no tags, so no playbook applies to it. Give it tags in its definition."
              : `No playbook carries the tags ${agent.tags.join(", ")}.`
          }
        />
      )}
      <AgentVersions
        agentId={agent.id}
        current={agent.version}
        versions={versions}
        compare={compared(query)}
        canWrite={canWrite && !archived}
      />
      {(rollout.rollout || (canWrite && !archived)) && (
        <RolloutSection
          view={rollout}
          versions={versions.map((v) => v.version)}
          canWrite={canWrite && !archived}
        />
      )}
      {runs && <RecentRuns agentName={agent.name} runs={runs} now={now} />}
      {canWrite && <ArchiveControl agentId={agent.id} agentName={agent.name} archived={archived} />}
    </>
  );
}
