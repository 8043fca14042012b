import { isDatabaseUnavailable } from "@/db/connection-errors";
import type { Run } from "@/db/schema";
import { isHold } from "@/lib/kill/coverage";
import { RunHeldError } from "@/lib/kill/killed-error";
import { PolicyUnavailableError } from "@/lib/policy/cedar-engine";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import type { EngineConfig } from "./engine-config";
import { guardRun, killedEnding, killedReason, type RunGuard } from "./kill-guard";
import { LeaseLostError, renewLease } from "./lease";
import { modelTurn } from "./model-turn";
import { endRun, holdRun, runRef } from "./persist-step";
import { limitReached, openRun } from "./run-context";
import { CONTINUE, errorMessage, RunDeadlineError, type StepOutcome } from "./step-outcome";
import { toolTurn } from "./tool-turn";
import { workflowTurn } from "./workflow-turn";

/**
 * Drives one leased run to its end, one committed step at a time. Everything it needs is rebuilt
 * from the database, so a run whose process died resumes here from its last committed step.
 */
export async function executeRun(config: EngineConfig, run: Run, signal: AbortSignal): Promise<void> {
  const { db } = config;
  const ref = runRef(run);
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
  let guard: RunGuard | undefined;
  try {
    guard = await guardRun(config, run, runSignal);
    // The tenant's own tools (its MCP servers'), for every lookup of this turn.
    await loadTenantTools(db, run.tenantId);
    const ending = await loop(config, run, guard);
    // ENDED and PARKED leave nothing to write; an ending still to write is an object.
    if (typeof ending === "object") await endRun(config.db.$client, ref, ending);
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

/**
 * Steps the run until it ends or parks: a model turn (a workflow's next node, for a workflow run)
 * when the current turn has no call left to run, else a tool turn for the next call. Returns the ending still to write, if any.
 */
async function loop(config: EngineConfig, run: Run, guard: RunGuard): Promise<StepOutcome> {
  const opened = await openRun(config, run, guard);
  if ("outcome" in opened) return opened.outcome;
  const ctx = opened.context;
  const { state } = ctx;
  for (;;) {
    // A completion whose other calls have now run ends the run.
    if (state.finalText !== null) return ctx.ending(state.finalText, state.completion);
    const limit = limitReached(ctx);
    if (limit) return limit;
    const seq = state.seq + 1;
    const call = state.nextToolCall();
    const stepStarted = performance.now();
    const outcome = call
      ? await toolTurn(ctx, call, seq, stepStarted)
      : ctx.agent.workflow
        ? await workflowTurn(ctx, seq, stepStarted)
        : await modelTurn(ctx, seq, stepStarted);
    if (outcome !== CONTINUE) return outcome;
  }
}
