import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { ZodError } from "zod";
import type { Tx } from "@/db/client";
import { isUniqueViolation } from "@/db/connection-errors";
import {
  agents,
  type ChildRunRecord,
  type ProposedToolCall,
  type Run,
  runSteps,
  runs,
  spans,
  TERMINAL_STATUSES,
  type ToolStepPayload,
} from "@/db/schema";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";
import { RunHeldError } from "@/lib/kill/killed-error";
import { newSpanId } from "@/lib/telemetry/ids";
import { turnSpanId } from "@/lib/telemetry/spans";
import type { AnyTool } from "@/lib/tools/types";
import { childLimits } from "./child-limits";
import { MAX_DELEGATION_DEPTH } from "./delegation";
import { LeaseLostError } from "./lease";
import { endRun } from "./persist-step";
import type { Gate } from "./policy-gate";
import type { RunContext } from "./run-context";
import { ENDED, PARKED, type StepOutcome } from "./step-outcome";
import { syntheticOutcome, type ToolOutcome } from "./tool-outcome";

type SpanRow = typeof spans.$inferInsert;

export type Delegation = {
  call: ProposedToolCall;
  seq: number;
  tool: AnyTool;
  args: Record<string, unknown>;
};

/** A settled delegate call, to commit as the call's step. */
export type DelegateResult = { outcome: ToolOutcome; spans: SpanRow[] };

const MAX_RECEIPTS = 20;

/** The child run this step started before (the parent resumed, or retried after a crash), if any. */
export async function childOfStep(ctx: RunContext, seq: number): Promise<Run | undefined> {
  const [child] = await ctx.config.db
    .select()
    .from(runs)
    .where(and(eq(runs.parentRunId, ctx.run.id), eq(runs.parentSeq, seq)));
  return child;
}

/**
 * A delegate call whose child run already exists: its result once the child has ended, else the
 * parent waits for it again. Null when this step started no child yet.
 */
export async function resumeDelegation(
  ctx: RunContext,
  d: Delegation,
  idempotencyKey: string,
): Promise<DelegateResult | StepOutcome | null> {
  const child = await childOfStep(ctx, d.seq);
  return child ? settleOrWait(ctx, d, child, idempotencyKey) : null;
}

/**
 * A delegate call the gate allowed: the child run starts, linked to this step, and this run parks
 * as `waiting_child` in the same transaction. A refusal (depth, cycle, no such agent, too little
 * budget left, a switch or budget that refuses the start) is the call's error for the model to read.
 */
export async function startDelegation(
  ctx: RunContext,
  d: Delegation,
  gate: Extract<Gate, { kind: "execute" }>,
  idempotencyKey: string,
): Promise<DelegateResult | StepOutcome> {
  const agentName = String(d.args.agent);
  const refuse = (error: string): DelegateResult => ({
    outcome: syntheticOutcome(d.call, idempotencyKey, d.args, "error", { error }, gate),
    spans: [...gate.spans],
  });
  const start = ctx.config.startChildRun;
  if (!start) return refuse("Delegation is not available in this engine.");
  const refusal = await refusalOf(ctx, agentName);
  if (refusal) return refuse(refusal);
  const [agent] = await ctx.config.db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, ctx.run.tenantId), eq(agents.name, agentName)));
  if (!agent) return refuse(`There is no agent named "${agentName}" in this tenant.`);
  const limits = childLimits(ctx, agent);
  if (typeof limits === "string") return refuse(limits);
  let child: Run;
  try {
    child = await start(
      {
        tenantId: ctx.run.tenantId,
        parentRunId: ctx.run.id,
        agentName,
        goal: String(d.args.goal),
        dryRun: ctx.run.dryRun,
        limits,
      },
      (tx, created) => linkAndPark(tx, ctx, created, d.seq, gate.spans),
    );
  } catch (error) {
    if (isUniqueViolation(error, "runs_parent_step_idx")) {
      const existing = await childOfStep(ctx, d.seq);
      if (existing) return settleOrWait(ctx, d, existing, idempotencyKey);
    }
    if (error instanceof AppError) return refuse(`${agentName} could not start: ${error.message}`);
    if (error instanceof ZodError)
      return refuse(`${agentName} could not start: ${error.issues.map((i) => i.message).join("; ")}`);
    throw error;
  }
  return afterParking(ctx, child);
}

/** The child's link to this step, and this run parked on it: one transaction (the child's start). */
async function linkAndPark(tx: Tx, ctx: RunContext, child: Run, seq: number, gateSpans: readonly SpanRow[]) {
  const { run } = ctx;
  await tx
    .update(runs)
    .set({
      parentRunId: run.id,
      parentSeq: seq,
      ancestorRunIds: [run.id, ...run.ancestorRunIds],
    })
    .where(eq(runs.id, child.id));
  await parkOnChild(tx, ctx);
  if (gateSpans.length > 0)
    await tx
      .insert(spans)
      .values([...gateSpans])
      .onConflictDoNothing();
}

/** The run gives up its lease and waits as `waiting_child`: no process holds it, the child's end queues it. */
async function parkOnChild(tx: Tx, ctx: RunContext) {
  const parked = await tx
    .update(runs)
    .set({ status: "waiting_child", leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(runs.id, ctx.run.id), eq(runs.fencingToken, ctx.ref.fencingToken)))
    .returning({ id: runs.id });
  if (parked.length === 0) throw new LeaseLostError(ctx.run.id);
}

/**
 * Parked: a kill that raced the parking still ends this run, and the child it started, still queued,
 * with it (the run switch covers the child, and a queued run under a switch is never claimed).
 */
async function afterParking(ctx: RunContext, child: Run): Promise<StepOutcome> {
  stepNotifier(ctx.sql).announce(ctx.run.tenantId, ctx.run.id, ctx.state.seq);
  let killed: ReturnType<RunContext["guard"]["check"]>;
  try {
    killed = ctx.guard.check();
  } catch (error) {
    // A pause: the run waits for its child anyway, and the claim holds it back while the pause lasts.
    if (error instanceof RunHeldError) return PARKED;
    throw error;
  }
  if (!killed) return PARKED;
  await endRun(ctx.sql, ctx.ref, killed);
  await ctx.config.db
    .update(runs)
    .set({
      status: "killed",
      stopReason: "killed",
      error: `Its parent run was stopped: ${killed.error ?? "killed"}`,
      endedAt: new Date(),
    })
    .where(and(eq(runs.id, child.id), eq(runs.status, "queued")));
  return ENDED;
}

/** Why this run may not delegate to that agent: too deep, or back to an agent already on the task. */
async function refusalOf(ctx: RunContext, agentName: string): Promise<string | null> {
  const { run } = ctx;
  const depth = run.ancestorRunIds.length + 1;
  if (depth >= MAX_DELEGATION_DEPTH)
    return `This run is already ${depth} levels deep in delegation (at most ${MAX_DELEGATION_DEPTH}): do the task yourself or finish with what you have.`;
  const chain =
    run.ancestorRunIds.length === 0
      ? []
      : await ctx.config.db
          .select({ agentName: runs.agentName })
          .from(runs)
          .where(inArray(runs.id, run.ancestorRunIds));
  if (agentName === run.agentName || chain.some((r) => r.agentName === agentName))
    return `${agentName} is already working on this task (this run or one that delegated to it): delegating to it again would go round in a loop.`;
  return null;
}

async function settleOrWait(
  ctx: RunContext,
  d: Delegation,
  child: Run,
  idempotencyKey: string,
): Promise<DelegateResult | StepOutcome> {
  if (TERMINAL_STATUSES.includes(child.status)) return childResult(ctx, d, child, idempotencyKey);
  // Still at work: wait again, unless it ends while this run parks (its row is locked meanwhile,
  // so its end's trigger sees this run waiting and queues it).
  const ended = await ctx.config.db.transaction(async (tx) => {
    const [now] = await tx.select().from(runs).where(eq(runs.id, child.id)).for("share");
    if (now && TERMINAL_STATUSES.includes(now.status)) return now;
    await parkOnChild(tx, ctx);
    return null;
  });
  if (ended) return childResult(ctx, d, ended, idempotencyKey);
  return afterParking(ctx, child);
}

/** The ended child as the call's result: what it did, its answer, and its receipts as evidence. */
async function childResult(
  ctx: RunContext,
  d: Delegation,
  child: Run,
  idempotencyKey: string,
): Promise<DelegateResult> {
  const receipts = await receiptsOf(ctx, child.id);
  const summary = {
    child_run_id: child.id,
    agent: child.agentName,
    status: child.status,
    stop_reason: child.stopReason,
    answer: child.output,
    receipts,
  };
  const succeeded = child.status === "succeeded";
  const result = succeeded
    ? {
        ...summary,
        note: `${child.agentName} finished its run: its answer is above, and its receipts show what it did.`,
      }
    : {
        error: `${child.agentName} did not finish the task: its run ended ${child.status} (${child.stopReason ?? "unknown"})${child.error ? `: ${child.error}` : ""}.`,
        ...summary,
      };
  const outcome = syntheticOutcome(d.call, idempotencyKey, d.args, succeeded ? "ok" : "error", result);
  outcome.startedAt = child.createdAt;
  outcome.payload.childRun = childRecord(child);
  return { outcome, spans: [childSpan(ctx, d, child)] };
}

function childRecord(child: Run): ChildRunRecord {
  return {
    runId: child.id,
    agentName: child.agentName,
    status: child.status,
    costUsd: child.costUsd,
    tokens: child.inputTokens + child.outputTokens,
    toolCalls: child.toolCalls,
  };
}

/** The child's calls that left a receipt: the tool, its arguments (long values cut) and the receipt. */
async function receiptsOf(ctx: RunContext, childId: string) {
  const steps = await ctx.config.db
    .select({ payload: runSteps.payload })
    .from(runSteps)
    .where(
      and(
        eq(runSteps.runId, childId),
        eq(runSteps.kind, "tool"),
        sql`${runSteps.payload}->>'status' = 'ok' and ${runSteps.payload}->'receipt' <> 'null'::jsonb`,
      ),
    )
    .orderBy(asc(runSteps.seq))
    .limit(MAX_RECEIPTS);
  return steps.map(({ payload }) => {
    const p = payload as ToolStepPayload;
    return { tool: p.toolName, args: keyArgs(p.args), receipt: p.receipt };
  });
}

function keyArgs(args: unknown): unknown {
  if (!args || typeof args !== "object") return args;
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [
      k,
      typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…` : v,
    ]),
  );
}

function childSpan(ctx: RunContext, d: Delegation, child: Run): SpanRow {
  const { run, state } = ctx;
  const end = child.endedAt ?? new Date();
  return {
    spanId: newSpanId(),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, state.turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: `delegate ${child.agentName}`,
    seq: d.seq,
    startTime: child.createdAt,
    endTime: end,
    status: child.status === "succeeded" ? "ok" : "error",
    attributes: {
      "flightdeck.operation.name": "child_run",
      "gen_ai.tool.name": d.tool.name,
      "flightdeck.child_run.id": child.id,
      "flightdeck.child_run.trace_id": child.traceId,
      "flightdeck.child_run.agent": child.agentName,
      "flightdeck.child_run.status": child.status,
    },
  };
}
