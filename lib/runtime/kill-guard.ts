import type { Run } from "@/db/schema";
import { isHold } from "@/lib/kill/coverage";
import { killWatcher } from "@/lib/kill/kill-watcher";
import { KilledError, killMessage, RunHeldError } from "@/lib/kill/killed-error";
import type { EngineConfig } from "./engine-config";
import type { RunEnding } from "./persist-step";

/**
 * Ties a run to the process's kill switches: `signal` aborts (with a KilledError) as soon as a
 * switch covering the run is engaged anywhere, and `check()` is the in-memory look-up made before
 * every model and tool call.
 */
export async function guardRun(config: EngineConfig, run: Run, outer: AbortSignal) {
  const watcher = killWatcher(config.db);
  await watcher.ready();
  const key = {
    id: run.id,
    agentId: run.agentId,
    tenantId: run.tenantId,
    ancestorRunIds: run.ancestorRunIds,
  };
  const controller = new AbortController();
  // Tool calls are not cut short by a hold: they settle (committed with their receipt, or rolled
  // back) and the run pauses at the next step boundary. Only a switch that ends runs aborts them.
  const ending = new AbortController();
  const abortIfKilled = () => {
    const hit = watcher.isKilled(key);
    if (hit && !controller.signal.aborted) controller.abort(new KilledError(hit));
    if (hit && !isHold(hit) && !ending.signal.aborted) ending.abort(new KilledError(hit));
  };
  const unsubscribe = watcher.subscribe(abortIfKilled);
  abortIfKilled();
  return {
    signal: AbortSignal.any([outer, controller.signal]),
    toolSignal: AbortSignal.any([outer, ending.signal]),
    check(): RunEnding | null {
      const hit = watcher.isKilled(key);
      if (hit && isHold(hit)) throw new RunHeldError(hit);
      return hit ? killedEnding(new KilledError(hit)) : null;
    },
    dispose: unsubscribe,
  };
}

export type RunGuard = Awaited<ReturnType<typeof guardRun>>;

export function killedEnding(error: KilledError, abortedCall?: string): RunEnding {
  const aborted = abortedCall ? ` (aborted the in-flight ${abortedCall} call)` : "";
  return {
    status: "killed",
    stopReason: "killed",
    error: `${killMessage(error.killSwitch)}${aborted}`,
    aborted: Boolean(abortedCall),
  };
}

export const killedReason = (signal: AbortSignal): KilledError | null =>
  signal.reason instanceof KilledError ? signal.reason : null;

/** A hold met by an in-flight call (a model call aborted by a pause): the run pauses rather than ends. */
export function throwIfHeld(signal: AbortSignal): void {
  const reason = signal.reason;
  if (reason instanceof KilledError && isHold(reason.killSwitch)) throw new RunHeldError(reason.killSwitch);
}
