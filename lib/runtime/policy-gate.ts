import type { AgentSnapshot, ApprovalRecord, PolicyRecord, ProposedToolCall, Run, spans } from "@/db/schema";
import type { CallToDecide, RecordedDecision } from "@/lib/policy/decide-call";
import { decideTenantCall } from "@/lib/policy/decide-tenant-call";
import { newSpanId } from "@/lib/telemetry/ids";
import { policyDecisionSpan, turnSpanId } from "@/lib/telemetry/spans";
import type { AnyTool } from "@/lib/tools/types";
import type { EngineConfig } from "./engine-config";
import { requestedStep, requestNamesCall } from "./park-run";
import type { RunEnding } from "./persist-step";
import type { RunState } from "./run-state";
import { SECURITY_ATTEMPT_LIMIT } from "./security-attempts";

/** After this many denied calls in one run the model is not trying anything else: the run ends. */

type SpanRow = typeof spans.$inferInsert;

/** What the envelope lets happen to one validated call. */
export type Gate =
  | {
      kind: "execute";
      args: unknown;
      policy?: PolicyRecord;
      approval?: ApprovalRecord;
      spans: SpanRow[];
      /** A dry run: the tool only previews its effect. */
      preview?: boolean;
    }
  | {
      kind: "refuse";
      status: "denied" | "rejected";
      message: string;
      policy?: PolicyRecord;
      approval?: ApprovalRecord;
      spans: SpanRow[];
      /** The run ends after the refusal is committed. */
      ending?: RunEnding;
    }
  | { kind: "park"; decision: RecordedDecision; span: SpanRow }
  /** A person confirmed that an interrupted call did happen: recorded as its result, not run again. */
  | { kind: "settled"; result: Record<string, unknown>; approval: ApprovalRecord; spans: SpanRow[] }
  | { kind: "end"; ending: RunEnding };

type GateInput = {
  config: EngineConfig;
  run: Run;
  /** The settings the run started with. */
  agent: AgentSnapshot;
  state: RunState;
  call: ProposedToolCall;
  tool: AnyTool;
  args: Record<string, unknown>;
  seq: number;
  /** A recorded replay's call that matches a recorded one: decided from the facts recorded then. */
  recordedFacts?: Record<string, unknown>;
};

/**
 * The policy decision for a call, or the person's decision when the run resumes on a call it was
 * parked on. The model never decides: only a recorded approval lets a parked call run.
 */
export async function gateToolCall(input: GateInput): Promise<Gate> {
  const parked = await decisionFor(input);
  if (parked) return afterDecision(input, parked);
  const { config, run, state, tool, args } = input;
  // Started before an interruption: it passed the envelope then, and deciding again now would
  // count its own (possibly done) effect against it. Recovery rules take it from here.
  if (run.pendingToolCall?.toolCallId === input.call.toolCallId && run.pendingToolCall.seq === input.seq)
    return { kind: "execute", args, spans: [] };
  const started = new Date();
  const decision = await decideTenantCall(
    {
      db: config.db,
      tenantId: run.tenantId,
      agentName: run.agentName,
      tool,
      args,
      evidence: state.evidence,
      appBaseUrl: config.appBaseUrl,
      facts: input.recordedFacts as CallToDecide["facts"],
      // A replay may name the policy version to decide under; other runs use the active one.
    },
    run.replay?.changes.policyVersion,
  );
  const record = { ...policyRecord(decision), at: started.toISOString() };
  const span = policyDecisionSpan(run, input.seq, state.turn, tool.name, record);
  // A dry run changes nothing, so nothing waits for a person: the preview shows what would have asked.
  const preview = run.dryRun && tool.risk(args) !== "read";
  if (decision.effect === "allow" || (decision.effect === "approval" && preview))
    return { kind: "execute", args, policy: record, spans: [span], preview };
  if (decision.effect === "approval") return { kind: "park", decision, span };
  const ending = securityLimitEnding(state, `${tool.name} — ${decision.message}`);
  return {
    kind: "refuse",
    status: "denied",
    message: decision.message,
    policy: record,
    spans: [span],
    ending,
  };
}

/**
 * The person's decision on the run when it answers this very call: the one at the step the request
 * was filed for. Tool call ids come from the model and repeat across turns, so the id alone proves
 * nothing; and once that step is committed (atomically with the call's result) no later call can
 * be at it again, so a decision is used once.
 */
async function decisionFor(input: GateInput): Promise<NonNullable<Run["approval"]> | null> {
  const { run, call } = input;
  const parked = run.approval;
  if (!parked || parked.status === "pending" || parked.kind === "question") return null;
  if (!requestNamesCall(parked.toolCallId, call.toolCallId)) return null;
  const step = await requestedStep(input.config.db, run.id, parked.approvalId);
  return step === input.seq ? parked : null;
}

function afterDecision(input: GateInput, parked: NonNullable<Run["approval"]>): Gate {
  const { tool } = input;
  const decidedAt = new Date();
  const waitedMs = Math.max(0, decidedAt.getTime() - Date.parse(parked.parkedAt));
  if (parked.status === "expired") {
    const minutes = Math.round(waitedMs / 60_000);
    return {
      kind: "end",
      ending: {
        status: "stopped",
        stopReason: "approval_expired",
        error: `Nobody decided on ${tool.name} within ${minutes} minute${minutes === 1 ? "" : "s"}: the request expired.`,
      },
    };
  }
  if (parked.status === "cancelled")
    return {
      kind: "end",
      ending: { status: "killed", stopReason: "killed", error: "The approval request was cancelled." },
    };
  const approval: ApprovalRecord = {
    id: parked.approvalId,
    status: parked.status === "approved" ? "approved" : "rejected",
    decidedBy: parked.decidedBy ?? "unknown",
    comment: parked.comment ?? null,
    ...(parked.originalArgs ? { originalArgs: parked.originalArgs } : {}),
    waitedMs,
  };
  const span = approvalSpan(input, approval, new Date(Date.parse(parked.parkedAt)), decidedAt);
  if (parked.kind === "reconcile") return afterReconcile(input, parked, approval, span);
  if (parked.status === "approved") return approvedCall(input, parked.args ?? input.args, approval, span);
  const message = `Rejected by ${approval.decidedBy}${approval.comment ? `: ${approval.comment}` : "."}`;
  const ending: RunEnding | undefined =
    input.agent.onReject === "end"
      ? {
          status: "stopped",
          stopReason: "approval_rejected",
          error: `${tool.name} ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
        }
      : undefined;
  return { kind: "refuse", status: "rejected", message, approval, spans: [span], ending };
}

/** A person's answer to "did this interrupted call happen?": done, retry, or abandon the run. */
function afterReconcile(
  input: GateInput,
  parked: NonNullable<Run["approval"]>,
  approval: ApprovalRecord,
  span: SpanRow,
): Gate {
  const { tool } = input;
  // The request carries the arguments the interrupted call ran with (an approver's edit included).
  const ran = parked.args ?? input.args;
  if (parked.status === "approved" && parked.resolution === "done")
    return {
      kind: "settled",
      result: {
        reconciled: "done",
        args: ran,
        note: `${approval.decidedBy} confirmed that this call took effect before an interruption${approval.comment ? `: ${approval.comment}` : "."}`,
      },
      approval,
      spans: [span],
    };
  if (parked.status === "approved") return approvedCall(input, ran, approval, span);
  return {
    kind: "end",
    ending: {
      status: "failed",
      stopReason: "unknown_outcome",
      error: `${approval.decidedBy} abandoned the run: the outcome of ${tool.name} after an interruption stays unknown${approval.comment ? ` (${approval.comment})` : ""}.`,
    },
  };
}

/** A call a person let run, with the arguments they approved; a dry run still only previews a write. */
function approvedCall(input: GateInput, args: unknown, approval: ApprovalRecord, span: SpanRow): Gate {
  const preview = input.run.dryRun && input.tool.risk(args) !== "read";
  return { kind: "execute", args, approval, spans: [span], ...(preview ? { preview } : {}) };
}

/** What a decision is stored as, with the step it decided. */
export function policyRecord(d: RecordedDecision): PolicyRecord {
  return {
    effect: d.effect,
    policyIds: d.policyIds,
    version: d.version,
    message: d.message,
    resource: d.resource,
    facts: d.facts,
    provenance: d.provenance,
    ms: Math.round(d.ms * 1000) / 1000,
  };
}

function approvalSpan(input: GateInput, a: ApprovalRecord, start: Date, end: Date): SpanRow {
  const { run, state, tool, seq } = input;
  return {
    spanId: newSpanId(),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, state.turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: `approval ${tool.name}`,
    seq,
    startTime: start,
    endTime: end,
    status: a.status === "approved" ? "ok" : "error",
    attributes: {
      "flightdeck.operation.name": "approval_wait",
      "gen_ai.tool.name": tool.name,
      "flightdeck.approval.id": a.id,
      "flightdeck.approval.decision": a.status,
      "flightdeck.approval.decided_by": a.decidedBy,
      "flightdeck.approval.edited": Boolean(a.originalArgs),
      "flightdeck.approval.waited_ms": a.waitedMs,
    },
  };
}

/** The run's end when this refused call is one too many (SECURITY_ATTEMPT_LIMIT), else undefined. */
export function securityLimitEnding(state: RunState, last: string): RunEnding | undefined {
  if (state.securityAttempts + 1 < SECURITY_ATTEMPT_LIMIT) return undefined;
  return {
    status: "stopped",
    stopReason: "policy_denied",
    error: `The envelope refused ${SECURITY_ATTEMPT_LIMIT} out-of-bounds calls in this run; the last: ${last}`,
  };
}
