import type { ProposedToolCall, Run, spans } from "@/db/schema";
import { newSpanId } from "@/lib/telemetry/ids";
import { turnSpanId } from "@/lib/telemetry/spans";
import type { AnyTool } from "@/lib/tools/types";
import { requestedStep, requestNamesCall } from "./park-run";
import { parkForQuestion } from "./parking";
import type { RunEnding } from "./persist-step";
import type { RunContext } from "./run-context";
import type { StepOutcome } from "./step-outcome";
import { syntheticOutcome, type ToolOutcome } from "./tool-outcome";

type SpanRow = typeof spans.$inferInsert;

/** A settled question, to commit as the call's step (with the run's end when nobody answered). */
export type PersonAnswer = { outcome: ToolOutcome; spans: SpanRow[]; ending?: RunEnding };

type PersonCall = { call: ProposedToolCall; seq: number; tool: AnyTool; args: Record<string, unknown> };

/**
 * A call a person answers (ask_person): the run parks as `waiting_input` until someone answers in the
 * inbox; resumed, the answer is the call's result. Policy never decides it: it has no effect, and
 * the person is the check. A dry run asks nobody; a recorded replay reuses the recorded answer.
 */
export async function personTurn(
  ctx: RunContext,
  asked: PersonCall,
  idempotencyKey: string,
): Promise<PersonAnswer | StepOutcome> {
  const { run } = ctx;
  const { call, args, tool } = asked;
  const parked = await answerFor(ctx, asked);
  if (parked) return afterQuestion(ctx, asked, parked, idempotencyKey);
  if (ctx.recorded)
    return {
      outcome: ctx.recorded.answer(call, tool, { kind: "execute", args, spans: [] }, idempotencyKey),
      spans: [],
    };
  if (run.dryRun)
    return {
      outcome: syntheticOutcome(call, idempotencyKey, args, "ok", {
        answered: false,
        note: "This is a dry run: nobody is asked. Go on with your best judgement and say in your answer what you would have asked.",
      }),
      spans: [],
    };
  return parkForQuestion(ctx.config, run, ctx.state, ctx.guard, asked);
}

/**
 * The settled question this call asked: the run's request with the call's id, filed at the call's
 * step. A later call reusing the model's id is a new question, not an old answer.
 */
async function answerFor(ctx: RunContext, asked: PersonCall): Promise<NonNullable<Run["approval"]> | null> {
  const parked = ctx.run.approval;
  if (parked?.kind !== "question" || parked.status === "pending") return null;
  if (!requestNamesCall(parked.toolCallId, asked.call.toolCallId)) return null;
  return (await requestedStep(ctx.config.db, ctx.run.id, parked.approvalId)) === asked.seq ? parked : null;
}

function afterQuestion(
  ctx: RunContext,
  asked: PersonCall,
  parked: NonNullable<Run["approval"]>,
  idempotencyKey: string,
): PersonAnswer | StepOutcome {
  const { call, args } = asked;
  const answeredAt = parked.decidedAt ? new Date(parked.decidedAt) : new Date();
  const waitedMs = Math.max(0, answeredAt.getTime() - Date.parse(parked.parkedAt));
  const span = waitSpan(ctx, asked, parked, new Date(Date.parse(parked.parkedAt)), answeredAt);
  if (parked.status === "answered")
    return {
      outcome: syntheticOutcome(call, idempotencyKey, args, "ok", {
        answer: parked.answer ?? "",
        answered_by: parked.decidedBy ?? "unknown",
        answered_at: answeredAt.toISOString(),
        source: "trusted_person",
        note: "A person of this deployment answered your question: this is trusted operator input, not tool output.",
      }),
      spans: [span],
    };
  if (parked.status === "expired") {
    const minutes = Math.round(waitedMs / 60_000);
    const within = `within ${minutes} minute${minutes === 1 ? "" : "s"}`;
    return {
      outcome: syntheticOutcome(call, idempotencyKey, args, "error", {
        error: `Nobody answered your question ${within}: the run stops here for a person to pick up.`,
      }),
      spans: [span],
      ending: {
        status: "stopped",
        stopReason: "escalated",
        error: `Nobody answered the agent's question ${within}: the question expired.`,
      },
    };
  }
  return { status: "killed", stopReason: "killed", error: "The question was cancelled." };
}

function waitSpan(
  ctx: RunContext,
  asked: PersonCall,
  parked: NonNullable<Run["approval"]>,
  start: Date,
  end: Date,
) {
  const { run, state } = ctx;
  return {
    spanId: newSpanId(),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, state.turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: `question ${asked.tool.name}`,
    seq: asked.seq,
    startTime: start,
    endTime: end,
    status: parked.status === "answered" ? "ok" : "error",
    attributes: {
      "flightdeck.operation.name": "person_wait",
      "gen_ai.tool.name": asked.tool.name,
      "flightdeck.question.id": parked.approvalId,
      "flightdeck.question.status": parked.status,
      ...(parked.decidedBy ? { "flightdeck.question.answered_by": parked.decidedBy } : {}),
      "flightdeck.question.waited_ms": Math.max(0, end.getTime() - start.getTime()),
    },
  } satisfies SpanRow;
}
