"use client";

import { useState } from "react";
import type { SpanView } from "@/lib/runs/live-view";
import { isTerminalStatus } from "./format";
import { type FollowUpPermissions, RunFollowUp } from "./run-follow-up";
import { RunSummary } from "./run-summary";
import { StepsPanel } from "./steps-panel";
import { TraceView } from "./trace-view";
import { type RunState, useRunStream } from "./use-run-stream";

/** Opens the step a span stands for, scrolls to it and moves focus there. */
function revealStep(seq: number) {
  const step = document.getElementById(`step-${seq}`);
  if (!(step instanceof HTMLDetailsElement)) return;
  step.open = true;
  step.scrollIntoView({ block: "start", behavior: "smooth" });
  step.querySelector("summary")?.focus({ preventScroll: true });
}

export function RunLive({
  initial,
  can = { promote: false, decide: false },
}: {
  initial: RunState;
  can?: FollowUpPermissions;
}) {
  const { state, connection } = useRunStream(initial);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const { run, steps, spans } = state;
  const selectedSeq = spans.find((s) => s.spanId === selectedId)?.seq ?? null;
  const latestMs = Math.max(
    run.endedAt ? Date.parse(run.endedAt) : 0,
    ...steps.map((s) => Date.parse(s.endedAt)),
  );
  const select = (span: SpanView) => {
    setSelectedId(span.spanId);
    if (span.seq !== null) revealStep(span.seq);
  };
  return (
    <>
      <RunSummary run={run} connection={connection} />
      <RunFollowUp run={run} can={can} />
      <TraceView runId={run.id} spans={spans} latestMs={latestMs} selectedId={selectedId} onSelect={select} />
      <StepsPanel
        runId={run.id}
        steps={steps}
        selectedSeq={selectedSeq}
        finished={isTerminalStatus(run.status)}
      />
    </>
  );
}
