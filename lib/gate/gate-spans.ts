import type {
  Approval,
  ApprovalRecord,
  ModelStepPayload,
  PolicyRecord,
  Run,
  spans,
  ToolStepPayload,
  ToolStepStatus,
} from "@/db/schema";
import type { RunEnding } from "@/lib/runtime/persist-step";
import { newSpanId } from "@/lib/telemetry/ids";
import { modelCallSpan, runSpanId, toolCallSpan } from "@/lib/telemetry/spans";
import type { GateStep } from "./gate-step";

type SpanRow = typeof spans.$inferInsert;

/** A gate call as the steps and spans record it. */
export type CallRecord = {
  id: string;
  toolName: string;
  args: Record<string, unknown>;
  idempotencyKey: string;
  policy?: PolicyRecord | null;
  createdAt: Date;
  decidedAt: Date | null;
};

const ref = (run: Run) => ({
  id: run.id,
  tenantId: run.tenantId,
  traceId: run.traceId,
  agentName: run.agentName,
  model: run.model,
});

/** The agent's own turns are not Flightdeck's to know: a gate run's spans hang from its root span. */
const underRun = (run: Run, span: SpanRow): SpanRow => ({ ...span, parentSpanId: runSpanId(run.traceId) });

/** One of Flightdeck's own spans about a call (its policy decision, its approval wait). */
const gateSpan = (
  run: Run,
  seq: number,
  span: Pick<SpanRow, "name" | "startTime" | "endTime" | "status" | "attributes">,
): SpanRow =>
  underRun(run, {
    spanId: newSpanId(),
    traceId: run.traceId,
    runId: run.id,
    tenantId: run.tenantId,
    seq,
    ...span,
  });

function policySpan(run: Run, call: CallRecord, seq: number): SpanRow[] {
  if (!call.policy) return [];
  return [
    gateSpan(run, seq, {
      name: `policy ${call.toolName}`,
      startTime: call.createdAt,
      // The decision's own time: a call a person approved was decided (again) when they did.
      endTime: new Date(call.createdAt.getTime() + Math.max(1, Math.round(call.policy.ms))),
      status: call.policy.effect === "deny" ? "error" : "ok",
      attributes: {
        "flightdeck.operation.name": "policy_decision",
        "gen_ai.tool.name": call.toolName,
        "flightdeck.policy.decision": call.policy.effect,
        "flightdeck.policy.ids": call.policy.policyIds.join(","),
        "flightdeck.policy.version": call.policy.version,
      },
    }),
  ];
}

function approvalSpan(
  run: Run,
  call: CallRecord,
  approval: ApprovalRecord | undefined,
  seq: number,
): SpanRow[] {
  if (!approval) return [];
  return [
    gateSpan(run, seq, {
      name: `approval ${call.toolName}`,
      startTime: call.createdAt,
      endTime: new Date(call.createdAt.getTime() + approval.waitedMs),
      status: approval.status === "approved" ? "ok" : "error",
      attributes: {
        "flightdeck.operation.name": "approval_wait",
        "gen_ai.tool.name": call.toolName,
        "flightdeck.approval.id": approval.id,
        "flightdeck.approval.decision": approval.status,
        "flightdeck.approval.decided_by": approval.decidedBy,
        "flightdeck.approval.edited": Boolean(approval.originalArgs),
        "flightdeck.approval.waited_ms": approval.waitedMs,
      },
    }),
  ];
}

/** A tool step of a gate run: a refusal (never made) or the result the agent reported. */
export function toolStep(
  run: Run,
  call: CallRecord,
  outcome: {
    status: ToolStepStatus;
    result: unknown;
    receipt: Record<string, unknown> | null;
    risk?: string;
    approval?: ApprovalRecord;
    startedAt: Date;
    endedAt: Date;
    ending?: RunEnding;
  },
): GateStep {
  const payload: ToolStepPayload = {
    toolCallId: call.id,
    toolName: call.toolName,
    args: call.args,
    status: outcome.status,
    result: outcome.result,
    receipt: outcome.receipt,
    idempotencyKey: call.idempotencyKey,
    ...(outcome.risk ? { risk: outcome.risk } : {}),
    ...(call.policy ? { policy: call.policy } : {}),
    ...(outcome.approval ? { approval: outcome.approval } : {}),
  };
  return {
    kind: "tool",
    payload,
    costUsd: null,
    startedAt: outcome.startedAt,
    endedAt: outcome.endedAt,
    ending: outcome.ending,
    spans: (seq) => [
      ...policySpan(run, call, seq),
      ...approvalSpan(run, call, outcome.approval, seq),
      underRun(run, toolCallSpan(ref(run), seq, run.modelCalls, payload, outcome.startedAt, outcome.endedAt)),
    ],
  };
}

/** A call the gate refused (policy, an unknown tool, invalid arguments): recorded, never made. */
export function refusedCallStep(
  run: Run,
  call: CallRecord & {
    status: "denied" | "rejected" | "invalid" | "unknown_tool";
    message: string;
    ending?: RunEnding;
    approval?: ApprovalRecord;
  },
): GateStep {
  const now = new Date();
  return toolStep(run, call, {
    status: call.status,
    result: { error: call.message },
    receipt: null,
    approval: call.approval,
    startedAt: now,
    endedAt: now,
    ending: call.ending,
  });
}

/** A model call the agent reported: its tokens, priced at its model's price (null when unpriced). */
export function modelStep(run: Run, payload: ModelStepPayload, at: Date): GateStep {
  return {
    kind: "model",
    payload,
    costUsd: payload.costUsd,
    usage: payload.usage,
    startedAt: at,
    endedAt: at,
    spans: (seq) => [underRun(run, modelCallSpan(ref(run), seq, run.modelCalls + 1, payload, at, at))],
  };
}

/** A person's decision on a call, as its step records it. */
export function approvalRecordOf(approval: Approval): ApprovalRecord {
  return {
    id: approval.id,
    status: approval.status === "approved" ? "approved" : "rejected",
    decidedBy: approval.decidedBy ?? "unknown",
    comment: approval.comment ?? null,
    ...(approval.editedArgs ? { originalArgs: approval.args } : {}),
    waitedMs: Math.max(0, (approval.decidedAt ?? new Date()).getTime() - approval.createdAt.getTime()),
  };
}
