import { and, asc, eq } from "drizzle-orm";
import { isDatabaseUnavailable } from "@/db/connection-errors";
import { type ProposedToolCall, type Run, type RunStep, runSteps, runs, type spans } from "@/db/schema";
import { cancelApproval } from "@/lib/approvals/cancel-approval";
import { fileReconcileForEndedRun, type ParkRequest, parkRun } from "@/lib/approvals/park-run";
import { releaseTenantSpend } from "@/lib/budgets/tenant-ledger";
import { isHold, RunHeldError } from "@/lib/kill/killed-error";
import { priceAt } from "@/lib/models/pricing";
import { replayModel } from "@/lib/models/replay-model";
import { PolicyUnavailableError } from "@/lib/policy/cedar-engine";
import { policyCache } from "@/lib/policy/store";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { agentSnapshotOf } from "@/lib/runs/agent-snapshots";
import { getTool } from "@/lib/tools/registry";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import type { AnyTool } from "@/lib/tools/types";
import { COMPLETION_TOOL, type Completion, parseCompletion } from "./completion";
import type { EngineConfig } from "./engine-config";
import { finalEnding } from "./final-ending";
import { idempotencyKeyFor } from "./ids";
import { guardRun, killedEnding, killedReason, throwIfHeld } from "./kill-guard";
import { LeaseLostError, renewLease } from "./lease";
import { LOOP_LIMIT, NO_PROGRESS_LIMIT } from "./loop-guard";
import { callModel, type ModelChoice } from "./model-step";
import { modelTools } from "./model-tools";
import { commitStep, endRun, holdRun, type RunEnding } from "./persist-step";
import { type Gate, gateToolCall, securityLimitEnding } from "./policy-gate";
import { recheckUnderLocks } from "./recheck-under-locks";
import { RunBudget } from "./run-budget";
import { RunState } from "./run-state";
import { isSecurityAttempt } from "./security-attempts";
import { modelCallSpan, toolCallSpan, turnSpan, turnSpanId } from "./spans";
import { holdTenantBudget } from "./tenant-hold";
import { executeTool, prepareToolCall, ToolOutcomeUnknownError } from "./tool-step";

/**
 * Drives one leased run to its end, one committed step at a time. Everything it needs is rebuilt
 * from the database, so a run whose process died resumes here from its last committed step.
 */
export async function executeRun(config: EngineConfig, run: Run, signal: AbortSignal): Promise<void> {
  const { db } = config;
  const ref = { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, traceId: run.traceId };
  // Another process took the run over: this one stops at once, not when its next commit is refused
  // (a model call in flight would run to its end for nothing, or worse, a tool call would start).
  const lost = new AbortController();
  const runSignal = AbortSignal.any([signal, lost.signal]);
  const heartbeat = setInterval(
    () =>
      void renewLease(db, ref, config.leaseSeconds).catch((error) => {
        if (error instanceof LeaseLostError) lost.abort(error);
      }),
    Math.max(250, (config.leaseSeconds * 1000) / 3),
  );
  let guard: Awaited<ReturnType<typeof guardRun>> | undefined;
  try {
    guard = await guardRun(config, run, runSignal);
    // The tenant's own tools (its MCP servers'), for every lookup of this turn.
    await loadTenantTools(db, run.tenantId);
    const ending = (await loop(config, run, guard)) ?? null;
    if (ending && ending !== PARKED) await endRun(config.db.$client, ref, ending);
  } catch (error) {
    if (error instanceof LeaseLostError || lost.signal.aborted) return;
    if (error instanceof RunDeadlineError)
      return void (await endRun(config.db.$client, ref, {
        status: "stopped",
        stopReason: "budget_time",
        error: error.message,
      }).catch(() => {}));
    // The database went away: nothing more can be committed, so the run stays leased and is
    // resumed from its last committed step once the lease expires and the database is back.
    if (isDatabaseUnavailable(error))
      return void console.error(`Run ${run.id} left to resume: the database is unavailable`);
    const killed = guard && killedReason(guard.signal);
    // A pause holds the run at this step boundary; it resumes from its last committed step.
    if (error instanceof RunHeldError || (killed && isHold(killed.killSwitch)))
      return void (await holdRun(config.db.$client, ref).catch(() => {}));
    // A kill ends the run; any other abort (worker shutdown) leaves it for another worker to resume.
    if (killed) return void (await endRun(config.db.$client, ref, killedEnding(killed)).catch(() => {}));
    if (signal.aborted) return;
    if (error instanceof PolicyUnavailableError)
      return void (await endRun(config.db.$client, ref, {
        status: "failed",
        stopReason: "policy_unavailable",
        error: error.message,
      }).catch(() => {}));
    // Model failures end the run inside the loop: what reaches here is Flightdeck's own fault.
    console.error(`Run ${run.id} failed on an unexpected error`, error);
    await endRun(config.db.$client, ref, {
      status: "failed",
      stopReason: "internal_error",
      error: errorMessage(error),
    }).catch(() => {});
  } finally {
    guard?.dispose();
    clearInterval(heartbeat);
  }
}

const UNKNOWN_OUTCOME = Symbol("unknown outcome");

const unknownOutcome = (error: unknown): typeof UNKNOWN_OUTCOME => {
  if (error instanceof ToolOutcomeUnknownError) return UNKNOWN_OUTCOME;
  throw error;
};

/** The run's time limit passed during a call: the run ends `budget_time`, whatever the call was doing. */
class RunDeadlineError extends Error {
  constructor() {
    super("The run's time limit passed during a call.");
    this.name = "RunDeadlineError";
  }
}

/** The run waits for a person: it is stored as waiting_approval and no process holds it. */
const PARKED = Symbol("parked");

/** Returns how the run ends when no step carried the ending itself, or that it is parked. */
async function loop(
  config: EngineConfig,
  run: Run,
  guard: RunGuard,
): Promise<RunEnding | null | typeof PARKED> {
  const { db } = config;
  const sql = db.$client;
  const agent = await agentSnapshotOf(db, run.tenantId, run.agentSnapshotHash);
  // A run that has not committed a step yet has none to read.
  const steps: RunStep[] =
    run.lastSeq === 0
      ? []
      : await db.select().from(runSteps).where(eq(runSteps.runId, run.id)).orderBy(asc(runSteps.seq));
  const state = RunState.fromSteps(agent.instructions, run.input, steps);
  const ref = { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, traceId: run.traceId };
  const spanRef = { ...ref, agentName: run.agentName, model: run.model, routerModel: agent.routerModel };

  const ending = (answer: string, completion: Completion | null) =>
    finalEnding(config.db, run, { answer, completion, state, requiredEvidence: agent.requiredEvidence });
  if (state.finalText !== null) return ending(state.finalText, state.completion);
  if (checkInterruptedToolCall(run, state) === "reconcile") return parkForReconcile(config, run, state);

  let model: ReturnType<EngineConfig["resolveModel"]>;
  try {
    model = run.promotedFrom ? replayModel(db, run.promotedFrom, run.model) : config.resolveModel(run.model);
  } catch (error) {
    return { status: "failed", stopReason: "invalid_input", error: errorMessage(error) };
  }
  const tools = await modelTools(agent.tools, run.tenantId);
  const price = await priceAt(db, run.model, run.startedAt ?? new Date(), run.tenantId);
  // Time spent waiting for a person is not the run's own time.
  const deadline = (run.startedAt ?? new Date()).getTime() + agent.maxSeconds * 1000 + run.approvalWaitMs;
  // The deadline bounds every call and retry wait inside the run, not only the steps between them.
  const timeUp = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
  const signal = AbortSignal.any([guard.signal, timeUp]);
  const toolSignal = AbortSignal.any([guard.toolSignal, timeUp]);
  const budget = new RunBudget(run, agent, price, JSON.stringify(tools).length);
  const resilience = config.resilience ?? DEFAULT_RESILIENCE;
  const primary: ModelChoice = { name: run.model, model, price };
  const lazyChoice = (name: string) => async (): Promise<ModelChoice> => ({
    name,
    model: config.resolveModel(name),
    price: await priceAt(db, name, run.startedAt ?? new Date(), run.tenantId),
  });
  // Resolved and priced only when the primary's breaker opens: the happy path makes no extra query.
  const fallback = agent.fallbackModel ? lazyChoice(agent.fallbackModel) : undefined;
  // A replay answers from the recorded run's steps: the router never stands in for them.
  const routerName = run.promotedFrom || agent.routerModel === run.model ? undefined : agent.routerModel;
  let routerChoice: Promise<ModelChoice> | undefined;
  // Resolved and priced on the first simple turn, then kept for the run's other simple turns.
  const router = routerName ? () => (routerChoice ??= lazyChoice(routerName)()) : undefined;

  for (;;) {
    // A completion whose other calls have now run ends the run.
    if (state.finalText !== null) return ending(state.finalText, state.completion);
    if (Date.now() > deadline) return { status: "stopped", stopReason: "budget_time" };
    if (state.seq >= agent.maxSteps) return { status: "stopped", stopReason: "budget_steps" };
    if (state.loops.stalled()) {
      return {
        status: "stopped",
        stopReason: "loop_detected",
        error: `The last ${NO_PROGRESS_LIMIT} tool results brought nothing new: stopped as a loop.`,
      };
    }
    const killed = guard.check();
    if (killed) return killed;
    const seq = state.seq + 1;
    const call = state.nextToolCall();
    const stepStarted = performance.now();

    if (!call) {
      const turn = state.turn + 1;
      const worst = budget.beforeModelCall(state.promptChars);
      if ("ending" in worst) return worst.ending;
      const held = await holdTenantBudget(db, run.tenantId, worst);
      if ("ending" in held) return held.ending;
      const reservation = held.hold;
      const release = () =>
        reservation ? releaseTenantSpend(sql, run.tenantId, reservation).catch(() => {}) : null;
      let result: Awaited<ReturnType<typeof callModel>>;
      try {
        // The reservation above is at the run model's price, the router's too: a cheaper router
        // settles for less.
        const asked = router && state.nextTurnIsSimple ? await router() : primary;
        result = await callModel({
          runModel: run.model,
          primary: asked,
          fallback,
          prompt: state.prompt,
          tools,
          signal,
          timeoutMs: config.modelTimeoutMs,
          resilience,
        });
      } catch (error) {
        await release();
        // A pause aborted the call: its work is dropped and done again after the release.
        if (timeUp.aborted) throw new RunDeadlineError();
        throwIfHeld(signal);
        const killedBy = killedReason(signal);
        if (killedBy) return killedEnding(killedBy, `chat ${run.model}`);
        if (signal.aborted) throw error;
        return { status: "failed", stopReason: "model_failed", error: errorMessage(error) };
      }
      const { payload, startedAt, endedAt } = result;
      const step = {
        seq,
        turn,
        kind: "model" as const,
        payload,
        costUsd: payload.costUsd,
        startedAt,
        endedAt,
      };
      const finish = payload.toolCalls.find((c) => c.toolName === COMPLETION_TOOL);
      const completion = finish ? parseCompletion(finish.input) : null;
      // A completion proposed beside other calls ends the run once they have run (at the loop's top).
      const final = payload.toolCalls.every((c) => c.toolName === COMPLETION_TOOL);
      await commitStep(sql, {
        run: ref,
        step,
        totals: {
          modelCalls: 1,
          inputTokens: payload.usage.inputTokens,
          cachedInputTokens: payload.usage.cachedInputTokens,
          outputTokens: payload.usage.outputTokens,
          reasoningTokens: payload.usage.reasoningTokens,
          costUsd: payload.costUsd,
        },
        newSpans: [
          turnSpan(spanRef, turn, startedAt, endedAt),
          modelCallSpan(spanRef, seq, turn, payload, startedAt, endedAt),
        ],
        ending: final
          ? await ending(completion?.ok ? completion.answer : payload.text, completion)
          : undefined,
        settle: reservation
          ? {
              day: reservation.day,
              reservedUsd: reservation.usd,
              spentUsd: payload.costUsd ?? 0,
              reservedTokens: reservation.tokens,
              // Tokens count where no price does: only calls held in tokens spend them.
              spentTokens:
                reservation.tokens > 0 ? payload.usage.inputTokens + payload.usage.outputTokens : 0,
            }
          : undefined,
      }).catch(async (error) => {
        await release();
        throw error;
      });
      budget.modelCalled(payload.usage, payload.costUsd);
      state.apply(step);
      observe(config, "model", stepStarted, result.workMs);
      if (final) return null;
      continue;
    }

    const overBudget = budget.beforeToolCall();
    if (overBudget) return overBudget;
    const idempotencyKey = idempotencyKeyFor(run.id, state.turn, call.toolCallId);
    const prepared = prepareToolCall(call, agent.tools, run.tenantId);
    if (state.loops.wouldLoop(call.toolName, prepared.ok ? prepared.args : call.input))
      return {
        status: "stopped",
        stopReason: "loop_detected",
        error: `${call.toolName} was called ${LOOP_LIMIT} times with the same arguments: stopped as a loop.`,
      };
    let outcome: Awaited<ReturnType<typeof executeTool>>;
    let gateSpans: SpanRow[] = [];
    let gateEnding: RunEnding | undefined;
    if (!prepared.ok) {
      const now = new Date();
      const payload = {
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        args: call.input,
        status: prepared.status,
        result: { error: prepared.error },
        receipt: null,
        idempotencyKey,
      };
      outcome = { failed: false, startedAt: now, endedAt: now, workMs: 0, payload };
      if (isSecurityAttempt(prepared.status))
        gateEnding = securityLimitEnding(state, `${call.toolName} — ${prepared.error}`);
    } else {
      const gate = await gateToolCall({
        config,
        run,
        agent,
        state,
        call,
        tool: prepared.tool,
        args: prepared.args as Record<string, unknown>,
        seq,
      });
      if (gate.kind === "end") return gate.ending;
      if (gate.kind === "park")
        return park(config, run, state, guard, { call, seq, tool: prepared.tool, gate });
      if (gate.kind === "settled") {
        const now = new Date();
        outcome = {
          failed: false,
          startedAt: now,
          endedAt: now,
          workMs: 0,
          payload: {
            toolCallId: call.toolCallId,
            toolName: call.toolName,
            args: prepared.args,
            status: "ok",
            result: gate.result,
            receipt: null,
            idempotencyKey,
            approval: gate.approval,
          },
        };
        gateSpans = gate.spans;
      } else if (gate.kind === "refuse") {
        const now = new Date();
        const payload = {
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          args: prepared.args,
          status: gate.status,
          result: { error: gate.message },
          receipt: null,
          idempotencyKey,
          ...(gate.policy ? { policy: gate.policy } : {}),
          ...(gate.approval ? { approval: gate.approval } : {}),
        };
        outcome = { failed: false, startedAt: now, endedAt: now, workMs: 0, payload };
        gateSpans = gate.spans;
        gateEnding = gate.ending;
      } else {
        const pending = { seq, toolCallId: call.toolCallId, toolName: prepared.tool.name, idempotencyKey };
        const writes = !gate.preview && prepared.tool.risk(gate.args) !== "read";
        // Fetched now (a cache hit: the gate just used it), never from inside the write's transaction.
        const policy = writes ? await policyCache(db).active(run.tenantId) : undefined;
        if (writes) await markPending(config, ref, pending);
        const result = await abortable(toolSignal, `execute_tool ${prepared.tool.name}`, () =>
          executeTool({
            db,
            tool: prepared.tool,
            call,
            args: gate.args,
            tenantId: run.tenantId,
            runId: run.id,
            idempotencyKey,
            signal: toolSignal,
            appBaseUrl: config.appBaseUrl,
            resilience,
            preview: gate.preview,
            fencingToken: ref.fencingToken,
            recheck: !policy
              ? undefined
              : (tx) =>
                  recheckUnderLocks(tx, policy, {
                    db: config.db,
                    tenantId: run.tenantId,
                    agentName: run.agentName,
                    tool: prepared.tool,
                    args: gate.args as Record<string, unknown>,
                    evidence: state.evidence,
                    appBaseUrl: config.appBaseUrl,
                  }),
          }).catch(unknownOutcome),
        ).catch((error) => {
          if (timeUp.aborted) throw new RunDeadlineError();
          throw error;
        });
        if (result === UNKNOWN_OUTCOME) {
          // The write was stopped and did not settle: as after a crash, a person says what happened.
          // A kill still ends the run; the person's answer then only records what the call did.
          const killedBy = killedReason(toolSignal);
          if (!killedBy) return parkForReconcile(config, { ...run, pendingToolCall: pending }, state);
          await reconcileAfterKill(config, { ...run, pendingToolCall: pending }, state);
          return killedEnding(killedBy, `execute_tool ${prepared.tool.name}`);
        }
        if ("stopReason" in result) return result;
        outcome = result;
        outcome.payload = {
          ...outcome.payload,
          ...(gate.policy ? { policy: gate.policy } : {}),
          ...(gate.approval ? { approval: gate.approval } : {}),
        };
        gateSpans = gate.spans;
      }
    }
    const step = {
      seq,
      turn: state.turn,
      kind: "tool" as const,
      payload: outcome.payload,
      costUsd: null,
      startedAt: outcome.startedAt,
      endedAt: outcome.endedAt,
    };
    await commitStep(sql, {
      run: ref,
      step,
      totals: { toolCalls: 1 },
      newSpans: [
        ...gateSpans,
        toolCallSpan(spanRef, seq, state.turn, outcome.payload, outcome.startedAt, outcome.endedAt),
      ],
      extendTurnSpan: { spanId: turnSpanId(run.traceId, state.turn), end: outcome.endedAt },
      ending: outcome.failed
        ? {
            status: "failed",
            stopReason: "tool_failed",
            error: String((outcome.payload.result as { error?: string }).error),
          }
        : gateEnding,
    });
    budget.toolCalled();
    state.apply(step);
    observe(config, "tool", stepStarted, outcome.workMs);
    if (outcome.failed || gateEnding) return null;
  }
}

/** Stores the approval request and releases the run; a kill that raced the parking still ends it. */
async function park(
  config: EngineConfig,
  run: Run,
  state: RunState,
  guard: RunGuard,
  parked: { call: ProposedToolCall; seq: number; tool: AnyTool; gate: Extract<Gate, { kind: "park" }> },
): Promise<RunEnding | typeof PARKED> {
  const { decision, span } = parked.gate;
  const args = parked.call.input as Record<string, unknown>;
  const approvalId = await parkRun(config.db, {
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: state.seq },
    agentName: run.agentName,
    seq: parked.seq,
    toolCallId: parked.call.toolCallId,
    toolName: parked.tool.name,
    risk: parked.tool.risk(args),
    args,
    provenance: decision.provenance,
    policyIds: decision.policyIds,
    policyVersion: decision.version,
    reason: state.lastModelText,
    expiresMinutes: decision.expiresMinutes,
    span,
  });
  const killed = guard.check();
  if (!killed) return PARKED;
  await cancelApproval(config.db, approvalId, killed.error ?? "The run was stopped.");
  return killed;
}

type RunGuard = Awaited<ReturnType<typeof guardRun>>;
type SpanRow = typeof spans.$inferInsert;

/** A call cut short by a kill ends the run, naming the call it aborted. */
async function abortable<T>(
  signal: AbortSignal,
  name: string,
  call: () => Promise<T>,
): Promise<T | RunEnding> {
  try {
    return await call();
  } catch (error) {
    const killedBy = killedReason(signal);
    if (killedBy) return killedEnding(killedBy, name);
    throw error;
  }
}

function observe(config: EngineConfig, kind: "model" | "tool", started: number, workMs: number) {
  if (!config.observe) return;
  const total = performance.now() - started;
  config.observe({ kind, workMs, overheadMs: Math.max(0, total - workMs) });
}

async function markPending(
  config: EngineConfig,
  ref: { id: string; fencingToken: number },
  pending: NonNullable<Run["pendingToolCall"]>,
) {
  const updated = await config.db
    .update(runs)
    .set({ pendingToolCall: pending })
    .where(and(eq(runs.id, ref.id), eq(runs.fencingToken, ref.fencingToken)))
    .returning({ id: runs.id });
  if (updated.length === 0) throw new LeaseLostError(ref.id);
}

/**
 * A write call that started before a crash and has no committed result: an idempotent tool is
 * simply retried with the same key (it cannot double the effect); anything else must not be
 * re-executed blindly, so the run ends for a person to check.
 */
function checkInterruptedToolCall(run: Run, state: RunState): "reconcile" | null {
  const pending = run.pendingToolCall;
  if (!pending || pending.seq <= state.seq) return null;
  if (getTool(pending.toolName, run.tenantId)?.idempotent) return null;
  // A person already settled it (done, retry or abandon): the gate acts on their decision. An
  // approval of the call before it ran settles nothing about what it did once interrupted.
  const settled = run.approval?.toolCallId === pending.toolCallId && run.approval.status !== "pending";
  if (settled && run.approval?.kind === "reconcile") return null;
  return "reconcile";
}

/** Parks the run on a call whose outcome is unknown, for a person to reconcile in the inbox. */
async function parkForReconcile(config: EngineConfig, run: Run, state: RunState): Promise<typeof PARKED> {
  await parkRun(
    config.db,
    reconcileRequest(
      run,
      state,
      "started before an interruption and its outcome is unknown. Check whether it happened: mark it done, retry it, or abandon the run.",
    ),
  );
  return PARKED;
}

/** A kill stopped a write that did not settle: the run ends, and a person records what the call did. */
async function reconcileAfterKill(config: EngineConfig, run: Run, state: RunState): Promise<void> {
  await fileReconcileForEndedRun(
    config.db,
    reconcileRequest(
      run,
      state,
      "was in flight when the run was killed, and its outcome is unknown. Check whether it happened: mark it done if it did, reject if it did not. The run stays killed.",
    ),
  );
}

function reconcileRequest(run: Run, state: RunState, why: string): ParkRequest {
  const pending = run.pendingToolCall;
  const call = state.nextToolCall();
  if (!pending || !call) throw new Error("No interrupted call to reconcile.");
  const args = call.input as Record<string, unknown>;
  return {
    kind: "reconcile",
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: state.seq },
    agentName: run.agentName,
    seq: pending.seq,
    toolCallId: pending.toolCallId,
    toolName: pending.toolName,
    risk: getTool(pending.toolName, run.tenantId)?.risk(args) ?? "write",
    args,
    provenance: {},
    policyIds: [],
    policyVersion: 0,
    reason: `${pending.toolName} ${why}`,
    expiresMinutes: RECONCILE_MINUTES,
  };
}

// Nobody may be around at night: a reconcile request waits a week before the run gives up.
const RECONCILE_MINUTES = 7 * 24 * 60;

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
