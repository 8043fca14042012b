import { z } from "zod";
import type { ModelStepPayload, Run, RunStep, ToolStepPayload } from "@/db/schema";
import { data, timestamp } from "@/lib/http/json-shapes";
import { snakeCase } from "@/lib/http/naming";
import { isSimulated } from "@/lib/models/model-name";
import type { ReceiptLink } from "@/lib/receipts/links";
import type { Redactor } from "@/lib/redaction/personal-data";
import { redactModelPayload, redactToolPayload } from "./redact";

export const runSummaryJson = z.object({
  id: z.string(),
  agent: z.string(),
  source: z.string(),
  external_id: z.string().nullable(),
  agent_version: z.number(),
  /** Under a rollout: `stable` (the agent's current version) or `candidate`; null otherwise. */
  rollout_role: z.enum(["stable", "candidate"]).nullable(),
  model: z.string(),
  simulated: z.boolean(),
  status: z.string(),
  stop_reason: z.string().nullable(),
  input: z.string(),
  tokens: z.object({
    input: z.number(),
    cached_input: z.number(),
    output: z.number(),
    reasoning: z.number(),
  }),
  cost_usd: z.number().nullable(),
  security_attempts: z.number(),
  invalid_calls: z.number(),
  dry_run: z.boolean(),
  promoted_from: z.string().nullable(),
  /** A replay: the run it replays, and how (docs/replay.md). */
  replay_of: z.string().nullable(),
  /** A sub-agent's run: the run that delegated to it, and that run's step (docs/agents.md). */
  parent_run_id: z.string().nullable(),
  parent_step: z.number().nullable(),
  replay: z
    .object({
      mode: z.string(),
      from_step: z.number(),
      changes: z.object({
        model: z.string().optional(),
        agent_version: z.number().optional(),
        instructions: z.string().optional(),
        policy_version: z.number().optional(),
        limits: z.record(z.string(), z.number().nullable()).optional(),
      }),
    })
    .nullable(),
  outcome: z
    .object({
      value: z.string(),
      note: z.string().nullable(),
      by: z.string().nullable(),
      at: timestamp.nullable(),
    })
    .nullable(),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
});

const stepTiming = {
  seq: z.number(),
  turn: z.number(),
  kind: z.string(),
  started_at: timestamp,
  ended_at: timestamp,
  duration_ms: z.number(),
};

export const runDetailJson = runSummaryJson.extend({
  receipts: z.array(
    z.object({
      id: z.number(),
      seq: z.number(),
      kind: z.string(),
      tool: z.string(),
      risk: z.string().nullable(),
      at: timestamp,
      evidence: data,
      undoes: z.number().nullable(),
      reverted_by: z.object({ id: z.number(), kind: z.string(), at: timestamp }).nullable(),
      revertable: z.boolean(),
      has_undo: z.boolean(),
    }),
  ),
  output: z.string().nullable(),
  error: z.string().nullable(),
  redacted: z.boolean(),
  steps: z.array(
    z.union([
      z.object({
        ...stepTiming,
        text: z.string(),
        tool_calls: z.array(z.object({ tool_call_id: z.string(), tool: z.string(), input: data })),
        finish_reason: z.string(),
        usage: z.object({
          input_tokens: z.number(),
          cached_input_tokens: z.number(),
          output_tokens: z.number(),
          reasoning_tokens: z.number(),
        }),
        cost_usd: z.number().nullable(),
      }),
      z.object({
        ...stepTiming,
        tool: z.string(),
        tool_call_id: z.string(),
        args: data,
        status: z.string(),
        result: data,
        receipt: data,
      }),
    ]),
  ),
});

/** The API's view of a run: snake_case, stable, no lease internals. */
/** `redactor`: for keys without `payloads:read` (viewers), the tenant's rules (lib/redaction). */
export function toRunSummary(run: Run, redactor: Redactor | null = null): z.input<typeof runSummaryJson> {
  return {
    id: run.id,
    agent: run.agentName,
    /** `engine`: Flightdeck ran it; `otlp`: runs elsewhere, observed; `gate`: runs elsewhere, governed by the gate. */
    source: run.source,
    external_id: run.externalId,
    agent_version: run.agentVersion,
    rollout_role: run.rolloutRole,
    model: run.model,
    simulated: isSimulated(run.model),
    status: run.status,
    stop_reason: run.stopReason,
    input: redactor ? (redactor.text(run.input) ?? "") : run.input,
    tokens: {
      input: run.inputTokens,
      cached_input: run.cachedInputTokens,
      output: run.outputTokens,
      reasoning: run.reasoningTokens,
    },
    cost_usd: run.costUsd,
    /** Calls the envelope refused as out of bounds (policy denials, tools never granted). */
    security_attempts: run.securityAttempts,
    /** Calls refused because their arguments did not match the tool's schema. */
    invalid_calls: run.invalidCalls,
    dry_run: run.dryRun,
    promoted_from: run.promotedFrom,
    replay_of: run.replayOf,
    parent_run_id: run.parentRunId,
    parent_step: run.parentSeq,
    replay: run.replay && {
      mode: run.replay.mode,
      from_step: run.replay.fromStep,
      changes: {
        model: run.replay.changes.model,
        agent_version: run.replay.changes.agentVersion,
        instructions: run.replay.changes.instructions,
        policy_version: run.replay.changes.policyVersion,
        limits:
          run.replay.changes.limits &&
          Object.fromEntries(Object.entries(run.replay.changes.limits).map(([k, v]) => [snakeCase(k), v])),
      },
    },
    outcome: run.outcome
      ? {
          value: run.outcome,
          note: redactor ? redactor.text(run.outcomeNote) : run.outcomeNote,
          by: run.outcomeBy,
          at: run.outcomeAt,
        }
      : null,
    created_at: run.createdAt,
    started_at: run.startedAt,
    ended_at: run.endedAt,
  };
}

export function toRunDetail(
  run: Run,
  steps: RunStep[],
  redactor: Redactor | null = null,
  receipts: ReceiptLink[] = [],
): z.input<typeof runDetailJson> {
  const redact = redactor !== null;
  return {
    ...toRunSummary(run, redactor),
    /** Evidence of each effect, with the ids undo and manual revert take (evidence null when redacted). */
    receipts: receipts.map((r) => ({
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      tool: r.tool,
      risk: r.risk,
      at: r.at,
      evidence: r.evidence,
      undoes: r.undoes,
      reverted_by: r.revertedBy
        ? { id: r.revertedBy.id, kind: r.revertedBy.kind, at: r.revertedBy.at }
        : null,
      revertable: r.revertable,
      has_undo: r.hasUndo,
    })),
    output: redactor ? redactor.text(run.output) : run.output,
    error: redactor ? redactor.text(run.error) : run.error,
    redacted: redact,
    steps: steps.map((step) => {
      const timing = {
        seq: step.seq,
        turn: step.turn,
        kind: step.kind,
        started_at: step.startedAt,
        ended_at: step.endedAt,
        duration_ms: step.endedAt.getTime() - step.startedAt.getTime(),
      };
      if (step.kind === "model") {
        const raw = step.payload as ModelStepPayload;
        const p = redact ? redactModelPayload(raw) : raw;
        return {
          ...timing,
          text: p.text,
          tool_calls: p.toolCalls.map((call) => ({
            tool_call_id: call.toolCallId,
            tool: call.toolName,
            input: call.input,
          })),
          finish_reason: p.finishReason,
          usage: {
            input_tokens: p.usage.inputTokens,
            cached_input_tokens: p.usage.cachedInputTokens,
            output_tokens: p.usage.outputTokens,
            reasoning_tokens: p.usage.reasoningTokens,
          },
          cost_usd: p.costUsd,
        };
      }
      const raw = step.payload as ToolStepPayload;
      const p = redact ? redactToolPayload(raw) : raw;
      return {
        ...timing,
        tool: p.toolName,
        tool_call_id: p.toolCallId,
        args: p.args,
        status: p.status,
        result: p.result,
        receipt: p.receipt,
      };
    }),
  };
}
