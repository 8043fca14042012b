import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { KillForm } from "@/components/kill/kill-form";
import "@/components/receipts/receipts.css";
import "@/components/playbooks/playbooks.css";
import { requirePageSession } from "@/app/(app)/page-session";
import { SaveTestCaseForm } from "@/components/evals/save-test-case-form";
import { PinnedPlaybooks } from "@/components/playbooks/pinned-playbooks";
import { AdjacentRunLinks } from "@/components/runs/adjacent-run-links";
import { ReplayForm } from "@/components/runs/replay-form";
import { ReplayLinks } from "@/components/runs/replay-links";
import { RunLive } from "@/components/runs/run-live";
import { RunMessageForm } from "@/components/runs/run-message-form";
import { OnceRunEnded, RunStatusProvider, WhileRunGoing } from "@/components/runs/run-status-context";
import { RunTreeLinks } from "@/components/runs/run-tree-links";
import { SubAgentRefresh } from "@/components/runs/sub-agent-refresh";
import { TakeOverPanel } from "@/components/runs/take-over-panel";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { WorkflowGraphView } from "@/components/workflows/workflow-graph";
import { getDb } from "@/db/client";
import { TERMINAL_STATUSES } from "@/db/schema";
import { can } from "@/lib/auth/actor";
import { suiteNames } from "@/lib/evals/suite-store";
import { runTakeOver } from "@/lib/kill/queries";
import { receiptLinks } from "@/lib/receipts/links";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { adjacentRuns } from "@/lib/runs/adjacent-runs";
import { findRun } from "@/lib/runs/live";
import { toRunView } from "@/lib/runs/live-view";
import { listReplays } from "@/lib/runs/run-comparison";
import { runTree } from "@/lib/runs/run-tree";
import { getInitialTrace } from "@/lib/runs/trace-outline";
import { runWorkflowGraph } from "@/lib/runs/workflow-graph";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ fork?: string }>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "runs:read")) return <Forbidden what="runs" />;
  const { id } = await params;
  const db = getDb();
  const run = await findRun(db, actor, id);
  if (!run) notFound();
  const redact = !can(actor, "payloads:read");
  const going = !TERMINAL_STATUSES.includes(run.status);
  const [trace, receipts, redactor, replays, suites, adjacent, takeOver, tree, graph] = await Promise.all([
    getInitialTrace(db, actor, run, redact),
    receiptLinks(db, actor, run.id),
    redactorFor(db, actor),
    listReplays(db, actor, run.id),
    can(actor, "evals:write") ? suiteNames(db, actor) : null,
    adjacentRuns(db, actor, run.id),
    going ? runTakeOver(db, actor.tenantId, run.id) : null,
    runTree(db, actor, run),
    runWorkflowGraph(db, actor, run),
  ]);
  const playbooks = can(actor, "playbooks:read")
    ? ((await agentSnapshotOf(db, run.tenantId, run.agentSnapshotHash)).playbooks ?? [])
    : [];
  // A step's "Fork from here" opens the replay form with that step.
  const fork = Number.parseInt((await searchParams).fork ?? "", 10);
  const again = new URLSearchParams({ agent: run.agentName, input: run.input });
  // Run again stays in the run's session.
  if (run.externalId) again.set("session", run.externalId);
  // An observed run is an outside agent's: Flightdeck can neither stop it nor run it again. A gate
  // run's agent runs elsewhere too, but asks before each call, so a stop reaches it.
  const ours = run.source === "engine";
  const replayable = ours && can(actor, "runs:start");
  const stoppable = run.source !== "otlp";
  const where =
    run.source === "otlp"
      ? " · observed over OTLP"
      : run.source === "gate"
        ? ` · runs elsewhere, governed by the gate${run.externalId ? ` (${run.externalId})` : ""}`
        : "";
  return (
    <RunStatusProvider initial={run.status}>
      <PageHeader
        title={`Run ${run.id.slice(0, 8)}`}
        description={`${run.agentName} · trace ${run.traceId}${where}`}
        actions={
          <div className="page-actions">
            <Link href="/runs" className="button button-secondary">
              ← Runs
            </Link>
            <AdjacentRunLinks adjacent={adjacent} />
            {stoppable && can(actor, "kill:engage") && going && (
              <WhileRunGoing>
                <KillForm scope="run" target={run.id} label="Stop" confirmLabel="Stop run" />
              </WhileRunGoing>
            )}
            {ours && can(actor, "kill:engage") && going && !takeOver && (
              <WhileRunGoing>
                <KillForm
                  scope="run_pause"
                  target={run.id}
                  label="Take over"
                  confirmLabel="Take the run over"
                  tone="secondary"
                />
              </WhileRunGoing>
            )}
            {/* A workflow run has no conversation to read a message into. */}
            {ours && can(actor, "runs:steer") && going && !graph && (
              <WhileRunGoing>
                <RunMessageForm runId={run.id} />
              </WhileRunGoing>
            )}
            {ours && can(actor, "runs:start") && (
              <Link href={`/runs/new?${again.toString()}`} className="button button-secondary">
                Run again
              </Link>
            )}
            {replayable && (
              <OnceRunEnded>
                <ReplayForm
                  key={Number.isNaN(fork) ? "replay" : `fork-${fork}`}
                  runId={run.id}
                  lastSeq={run.lastSeq}
                  model={run.model}
                  agentVersion={run.agentVersion}
                  fromStep={Number.isNaN(fork) ? undefined : fork}
                />
              </OnceRunEnded>
            )}
            {ours && suites && (
              <OnceRunEnded>
                <SaveTestCaseForm runId={run.id} suites={suites} />
              </OnceRunEnded>
            )}
            {run.externalId && (
              <Link
                href={`/runs?${new URLSearchParams({ session: run.externalId })}`}
                className="button button-secondary"
                title={`Every run of session ${run.externalId}`}
              >
                Session runs
              </Link>
            )}
            {can(actor, "audit:read") && (
              <Link href={`/audit?target=${run.id}`} className="button button-secondary">
                Audit entries
              </Link>
            )}
          </div>
        }
      />
      {redact && (
        <p className="alert alert-warn" role="note">
          Model text, tool arguments, results and receipts are redacted for your role ({actor.role}): you see
          what ran, its status, timings, numbers and costs.
        </p>
      )}
      {takeOver && (
        <WhileRunGoing>
          <TakeOverPanel
            runId={run.id}
            hold={{
              engagedBy: takeOver.engagedBy,
              engagedAt: takeOver.engagedAt.toISOString(),
              reason: takeOver.reason,
            }}
            canFinish={can(actor, "runs:steer")}
          />
        </WhileRunGoing>
      )}
      <RunTreeLinks tree={tree} />
      {graph && <WorkflowGraphView graph={graph} />}
      <SubAgentRefresh everyChange={graph !== null} />
      <ReplayLinks runId={run.id} replayOf={run.replayOf} replay={run.replay} replays={replays} />
      {/* A server render with a newer status (after Stop) restarts the live view from it. */}
      <RunLive
        key={`${run.id}:${run.status}`}
        can={{
          promote: can(actor, "runs:start"),
          decide: can(actor, "approvals:decide"),
          replay: replayable,
        }}
        initial={{ run: toRunView(run, redactor), steps: trace.steps, spans: trace.spans }}
        totals={trace.totals}
        receipts={{ initial: receipts, canRevert: can(actor, "receipts:undo") }}
      />
      {playbooks.length > 0 && (
        <PinnedPlaybooks
          playbooks={playbooks}
          title="Playbooks"
          intro="The playbook versions this run got at its start, added to its system prompt. Later edits do not change them."
          empty=""
        />
      )}
    </RunStatusProvider>
  );
}
