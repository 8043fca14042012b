"use client";

import Link from "next/link";
import { useContext, useEffect, useState } from "react";
import { COMPLETION_TOOL } from "@/lib/models/completion-tool-name";
import type { StepView } from "@/lib/runs/live-view";
import { CanForkContext } from "./fork-context";
import { formatCost, formatDuration } from "./format";
import { ModelStepBody, ToolStepBody } from "./step-body";

function headline(step: StepView): string {
  if (step.kind === "tool") return step.payload.toolName;
  // An agent that runs elsewhere reports its model calls' tokens to the gate, not their content.
  if (step.payload.finishReason === "reported") return "model call reported by the agent";
  const node = step.payload.workflow?.node;
  if (node) return workflowHeadline(node, step.payload);
  const calls = step.payload.toolCalls.map((c) => c.toolName).filter((name) => name !== COMPLETION_TOOL);
  const finishes = calls.length < step.payload.toolCalls.length;
  if (calls.length === 0) return finishes ? "model finishes with its claims" : "model answers";
  return `model proposes ${calls.join(", ")}${finishes ? ", then finishes" : ""}`;
}

// A workflow node that called no model is its own kind of step.
const stepKind = (step: StepView) =>
  step.kind === "tool" ? "tool" : step.payload.finishReason === "workflow" ? "workflow" : "model";

/** A workflow node's step: what the node did, named by its id. */
function workflowHeadline(node: string, payload: Extract<StepView, { kind: "model" }>["payload"]): string {
  if (payload.workflow?.end) return `node ${node} answers`;
  if (payload.toolCalls.length > 0)
    return `node ${node} calls ${payload.toolCalls.map((c) => c.toolName).join(", ")}`;
  if (payload.workflow?.error !== undefined) return `node ${node} has no output`;
  return payload.finishReason === "workflow" ? `node ${node} computed` : `node ${node}: model output`;
}

export function StepItem({ runId, step, selected }: { runId: string; step: StepView; selected: boolean }) {
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
  const [open, setOpen] = useState(false);
  const canFork = useContext(CanForkContext);
  const { inheritedFrom } = step.payload;
  const recordedFrom = step.kind === "tool" ? step.payload.recordedFrom : undefined;
  return (
    <details
      id={`step-${step.seq}`}
      className={`step step-${step.kind}${selected ? " step-selected" : ""}`}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <span className="step-seq mono">#{step.seq}</span>
        <span className={`badge step-kind-${step.kind}`}>{stepKind(step)}</span>
        <span className="step-title">{headline(step)}</span>
        {step.kind === "tool" && (
          <span className={`badge tool-status-${step.payload.status}`}>{step.payload.status}</span>
        )}
        {step.kind === "tool" && step.payload.preview && (
          <span className="badge dry-run-badge" title="Dry run: the tool only previewed its effect">
            preview
          </span>
        )}
        {step.kind === "tool" && step.payload.receipt && <span className="badge receipt-badge">receipt</span>}
        {inheritedFrom && (
          <span
            className="badge inherited-badge"
            title={`Copied from step ${inheritedFrom.seq} of run ${inheritedFrom.runId.slice(0, 8)}`}
          >
            inherited
          </span>
        )}
        {recordedFrom && (
          <span
            className="badge recorded-badge"
            title={`Result recorded by step ${recordedFrom.seq} of run ${recordedFrom.runId.slice(0, 8)}: nothing ran`}
          >
            recorded
          </span>
        )}
        {step.kind === "tool" && step.payload.childRun && (
          <Link
            className="badge child-run-badge"
            href={`/runs/${step.payload.childRun.runId}`}
            title={`The run of ${step.payload.childRun.agentName} this call delegated to`}
            data-testid="child-run-link"
          >
            sub-agent run {step.payload.childRun.runId.slice(0, 8)}
          </Link>
        )}
        <span className="step-timing muted">
          {step.kind === "model" && `${formatCost(step.payload.costUsd)} · `}
          {formatDuration(ms)}
        </span>
      </summary>
      {canFork && (
        <Link className="step-fork" href={`/runs/${runId}?fork=${step.seq}#replay`}>
          Fork from here
        </Link>
      )}
      {step.partial ? open && <FullStep runId={runId} seq={step.seq} /> : <StepBody step={step} />}
    </details>
  );
}

export function StepBody({ step }: { step: StepView }) {
  return step.kind === "model" ? (
    <ModelStepBody payload={step.payload} />
  ) : (
    <ToolStepBody payload={step.payload} />
  );
}

/** A long run's page carries step outlines only: the full step is fetched when it is opened. */
export function FullStep({ runId, seq }: { runId: string; seq: number }) {
  const [state, setState] = useState<{ step?: StepView; error?: string }>({});
  useEffect(() => {
    let live = true;
    fetch(`/api/runs/${runId}/steps/${seq}`)
      .then(async (response) => {
        const body = await response.json();
        if (!live) return;
        setState(
          response.ok
            ? { step: body as StepView }
            : { error: body?.error?.message ?? "Could not load the step." },
        );
      })
      .catch(() => live && setState({ error: "Could not load the step: check the connection." }));
    return () => {
      live = false;
    };
  }, [runId, seq]);
  if (state.error)
    return (
      <p className="field-error" role="alert">
        {state.error}
      </p>
    );
  if (!state.step)
    return (
      <p className="muted" role="status">
        Loading step…
      </p>
    );
  return <StepBody step={state.step} />;
}
