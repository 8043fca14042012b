import type { StepView } from "@/lib/runs/live-view";
import { formatCost, formatDuration } from "./format";
import { ModelStepBody, ToolStepBody } from "./step-body";

function headline(step: StepView): string {
  if (step.kind === "tool") return step.payload.toolName;
  const calls = step.payload.toolCalls.map((c) => c.toolName);
  return calls.length > 0 ? `model proposes ${calls.join(", ")}` : "model answers";
}

export function StepItem({ step, selected }: { step: StepView; selected: boolean }) {
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
  return (
    <details id={`step-${step.seq}`} className={`step step-${step.kind}${selected ? " step-selected" : ""}`}>
      <summary>
        <span className="step-seq mono">#{step.seq}</span>
        <span className={`badge step-kind-${step.kind}`}>{step.kind === "model" ? "model" : "tool"}</span>
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
        <span className="step-timing muted">
          {step.kind === "model" && `${formatCost(step.payload.costUsd)} · `}
          {formatDuration(ms)}
        </span>
      </summary>
      {step.kind === "model" ? (
        <ModelStepBody payload={step.payload} />
      ) : (
        <ToolStepBody payload={step.payload} />
      )}
    </details>
  );
}
