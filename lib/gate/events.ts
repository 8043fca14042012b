import type { Db } from "@/db/client";
import { TERMINAL_STATUSES } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { sseResponse } from "@/lib/engine-events/sse";
import { stepHub } from "@/lib/engine-events/step-events";
import { isAppError } from "@/lib/errors";
import { loadGateRun, stoppedDecision } from "./gate-run";

/** What the agent learns of its run as it changes: its status and, once it must stop, why. */
export type GateRunEvent = {
  status: string;
  stop_reason: string | null;
  /** `killed`, `budget_exhausted` or `paused` while the run cannot take calls; absent otherwise. */
  decision?: string;
  message?: string;
};

/**
 * A gate run's events (server-sent): `run` with its state whenever it changes — a kill, a pause and
 * its release, a budget used up, an end — so the agent stops at once instead of at its next call;
 * `end` once the run is over.
 */
export async function gateRunEvents(
  db: Db,
  actor: Actor,
  runId: string,
  signal: AbortSignal,
): Promise<Response> {
  assertScope(actor, "runs:start");
  await loadGateRun(db, actor.tenantId, runId);
  return sseResponse(signal, async (sink) => {
    let last = "";
    let busy = Promise.resolve();
    const check = () => {
      busy = busy.then(async () => {
        if (sink.closed) return;
        const run = await loadGateRun(db, actor.tenantId, runId);
        const event = eventOf(run);
        const key = JSON.stringify(event);
        if (key !== last) sink.send("run", event);
        last = key;
        if ((TERMINAL_STATUSES as readonly string[]).includes(run.status)) {
          sink.send("end", {});
          sink.close();
        }
      });
      busy.catch(() => sink.close());
    };
    sink.onClose(
      stepHub().subscribe((event) => {
        if (event.runId === runId) check();
      }),
    );
    // A release announces no step: the heartbeat notices it, and any change a notification missed.
    sink.onHeartbeat(check);
    await stepHub().ready();
    check();
    await busy;
  });
}

function eventOf(run: Awaited<ReturnType<typeof loadGateRun>>): GateRunEvent {
  let stopped: ReturnType<typeof stoppedDecision> = null;
  try {
    stopped = stoppedDecision(run);
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
  return {
    status: run.status,
    stop_reason: run.stopReason,
    ...(stopped ? { decision: stopped.decision, message: stopped.message } : {}),
  };
}
