import type { ModelStepPayload, ToolStepPayload } from "@/db/schema/run-steps";
import { COMPLETION_TOOL } from "@/lib/models/completion-tool-name";
import { ApprovalBlock, PolicyDecisionBlock } from "./envelope-details";
import { formatCost, formatTokens } from "./format";
import { JsonBlock } from "./json-block";

export function ModelStepBody({ payload }: { payload: ModelStepPayload }) {
  const { usage } = payload;
  return (
    <div className="step-body">
      {payload.summary && (
        <p className="muted">
          Summary of the run&apos;s first {payload.summary.turns} turns, sent in their place to fit the
          model&apos;s context window (the steps above keep them whole).
        </p>
      )}
      {payload.text ? (
        <pre className="step-text">{payload.text}</pre>
      ) : (
        <p className="muted">No text: the model only proposed tool calls.</p>
      )}
      {payload.toolCalls.map((call) => (
        <JsonBlock
          key={call.toolCallId}
          label={
            call.toolName === COMPLETION_TOOL
              ? "Completion: the answer and the effects it claims, each checked against a receipt"
              : `Proposed ${call.toolName} (${call.toolCallId})`
          }
          value={call.input}
        />
      ))}
      <p className="step-meta muted">
        finish reason <code>{payload.finishReason}</code> · {formatTokens(usage.inputTokens)} in (
        {formatTokens(usage.cachedInputTokens)} cached) · {formatTokens(usage.outputTokens)} out (
        {formatTokens(usage.reasoningTokens)} reasoning) · {formatCost(payload.costUsd)}
      </p>
    </div>
  );
}

export function ToolStepBody({ payload }: { payload: ToolStepPayload }) {
  return (
    <div className="step-body">
      {payload.policy && <PolicyDecisionBlock policy={payload.policy} />}
      {payload.approval && <ApprovalBlock approval={payload.approval} executedArgs={payload.args} />}
      <JsonBlock label="Arguments" value={payload.args} />
      <JsonBlock
        label={payload.status === "ok" ? "Result" : "Error returned to the model"}
        value={payload.result}
      />
      {payload.receipt ? (
        <JsonBlock label="Receipt" value={payload.receipt} />
      ) : (
        <p className="muted">No receipt.</p>
      )}
      <p className="step-meta muted">
        call <code>{payload.toolCallId}</code> · idempotency key <code>{payload.idempotencyKey}</code>
      </p>
    </div>
  );
}
