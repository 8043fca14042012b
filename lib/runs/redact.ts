import type { ModelStepPayload, Run, ToolStepPayload } from "@/db/schema";
import type { Redactor } from "@/lib/redaction/personal-data";

import { REDACTED, redactValue } from "@/lib/redaction/redact-value";

export { REDACTED, redactValue };

// Span attributes whose text is about the call, never its content: shown to every role.
const SPAN_TEXT_SHOWN = new Set([
  "gen_ai.operation.name",
  "gen_ai.provider.name",
  "gen_ai.system",
  "gen_ai.request.model",
  "gen_ai.response.model",
  "gen_ai.response.finish_reasons",
  "gen_ai.agent.name",
  "gen_ai.tool.name",
  "gen_ai.tool.call.id",
  "ai.model.id",
  "ai.model.provider",
  "ai.toolCall.name",
  "ai.toolCall.id",
  "llm.model_name",
  "llm.provider",
  "openinference.span.kind",
  "tool.name",
]);

/**
 * Span attributes for a role that may not read payloads: numbers and booleans stay, and text only
 * under Flightdeck's own keys and the conventions' names of models and tools. An observed agent's
 * spans carry prompts, arguments and results under any key.
 */
export function redactSpanAttributes(
  attributes: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [
      key,
      typeof value !== "string" || key.startsWith("flightdeck.") || SPAN_TEXT_SHOWN.has(key)
        ? value
        : REDACTED,
    ]),
  );
}

export function redactModelPayload(payload: ModelStepPayload): ModelStepPayload {
  return {
    ...payload,
    text: payload.text ? REDACTED : "",
    toolCalls: payload.toolCalls.map((call) => ({ ...call, input: redactValue(call.input) })),
    ...(payload.operatorMessages
      ? { operatorMessages: payload.operatorMessages.map((m) => ({ ...m, text: REDACTED })) }
      : {}),
    // A workflow node's output is data like a tool's result; its node id and error stay.
    ...(payload.workflow && "output" in payload.workflow
      ? { workflow: { ...payload.workflow, output: redactValue(payload.workflow.output) } }
      : {}),
  };
}

export function redactToolPayload(payload: ToolStepPayload): ToolStepPayload {
  return {
    ...payload,
    args: redactValue(payload.args),
    result: redactValue(payload.result),
    receipt: payload.receipt ? (redactValue(payload.receipt) as ToolStepPayload["receipt"]) : null,
    // Policy ids, outcomes and provenance categories stay; looked-up facts can name customers.
    ...(payload.policy
      ? {
          policy: {
            ...payload.policy,
            resource: `${payload.policy.resource.split("::")[0]}::"${REDACTED}"`,
            facts: redactValue(payload.policy.facts) as Record<string, unknown>,
          },
        }
      : {}),
    ...(payload.approval
      ? {
          approval: {
            ...payload.approval,
            comment: payload.approval.comment ? REDACTED : null,
            ...(payload.approval.originalArgs
              ? { originalArgs: redactValue(payload.approval.originalArgs) as Record<string, unknown> }
              : {}),
          },
        }
      : {}),
  };
}

/** A run row with its free text (goal, answer, error, outcome note) passed through the redactor. */
export function redactRunText<T extends Pick<Run, "input" | "output" | "error" | "outcomeNote">>(
  run: T,
  redactor: Redactor | null,
): T {
  if (!redactor) return run;
  return {
    ...run,
    input: redactor.text(run.input) ?? "",
    output: redactor.text(run.output),
    error: redactor.text(run.error),
    outcomeNote: redactor.text(run.outcomeNote),
  };
}
