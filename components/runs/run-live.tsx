"use client";

import { useEffect, useMemo, useState } from "react";
import { LiveReceipts } from "@/components/receipts/live-receipts";
import type { ReceiptLink } from "@/lib/receipts/links";
import type { TraceTotals } from "@/lib/runs/trace-outline";
import { CanForkContext } from "./fork-context";
import { isTerminalStatus } from "./format";
import { type FollowUpPermissions, RunFollowUp } from "./run-follow-up";
import { useReportRunStatus } from "./run-status-context";
import { RunSummary } from "./run-summary";
import { StepsPanel } from "./steps-panel";
import { TraceView } from "./trace-view";
import { type RunState, useRunStream } from "./use-run-stream";
import { useSpanSelection } from "./use-span-selection";
import { useTracePages } from "./use-trace-pages";

/** Opens the step a span stands for in the steps list, leaving focus and scroll where they are. */
function openStep(seq: number) {
  const step = document.getElementById(`step-${seq}`);
  if (step instanceof HTMLDetailsElement) step.open = true;
}

const lastSeqOf = (steps: RunState["steps"]) => steps.reduce((max, s) => Math.max(max, s.seq), 0);

/**
 * `totals` is set for a long run served with only its first outlines: the rest load in pages while
 * the live stream (for a run still going) follows from the run's last step at render time.
 */
export function RunLive({
  initial,
  totals = null,
  can = { promote: false, decide: false },
  receipts,
}: {
  initial: RunState;
  totals?: TraceTotals | null;
  can?: FollowUpPermissions;
  /** The run's receipts at render time; read again as tool calls commit and when the run ends. */
  receipts?: { initial: ReceiptLink[]; canRevert: boolean };
}) {
  const { state, live, addOutlines } = useRunStream(
    initial,
    totals ? initial.run.lastSeq : lastSeqOf(initial.steps),
  );
  const loading = useTracePages(
    initial.run.id,
    totals,
    { spans: initial.spans.length, steps: initial.steps.length, lastSeq: lastSeqOf(initial.steps) },
    addOutlines,
  );
  const [selectedId, select] = useSpanSelection();
  const [receiptList, setReceiptList] = useState(receipts?.initial ?? []);
  const { run, steps, spans } = state;
  useReportRunStatus(run.status);
  const selectedSeq = useMemo(
    () => (selectedId === null ? null : (spans.find((s) => s.spanId === selectedId)?.seq ?? null)),
    [spans, selectedId],
  );
  useEffect(() => {
    if (selectedSeq !== null) openStep(selectedSeq);
  }, [selectedSeq]);
  const latestMs = useMemo(() => {
    let latest = run.endedAt ? Date.parse(run.endedAt) : 0;
    for (const step of steps) latest = Math.max(latest, Date.parse(step.endedAt));
    return latest;
  }, [run.endedAt, steps]);
  const toolSteps = useMemo(() => steps.filter((s) => s.kind === "tool").length, [steps]);
  return (
    <CanForkContext value={Boolean(can.replay) && isTerminalStatus(run.status)}>
      <RunSummary run={run} live={live} />
      <RunFollowUp run={run} can={can} />
      <TraceView
        runId={run.id}
        spans={spans}
        steps={steps}
        receipts={receiptList}
        latestMs={latestMs}
        selectedId={selectedId}
        onSelect={select}
        loading={loading}
      />
      <StepsPanel
        runId={run.id}
        steps={steps}
        selectedSeq={selectedSeq}
        finished={isTerminalStatus(run.status)}
        loading={loading}
      />
      {receipts && (
        <LiveReceipts
          runId={run.id}
          initial={receipts.initial}
          version={`${toolSteps}:${run.status}`}
          canRevert={receipts.canRevert}
          onReceipts={setReceiptList}
        />
      )}
    </CanForkContext>
  );
}
