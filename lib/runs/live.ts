import "server-only";
import type { Db, DbOrTx } from "@/db/client";
import { type Run, TERMINAL_STATUSES } from "@/db/schema";
import { type Actor, can } from "@/lib/auth/actor";
import { sseResponse } from "@/lib/engine-events/sse";
import { stepHub } from "@/lib/engine-events/step-events";
import { isAppError } from "@/lib/errors";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { toRunView, toSpanView, toStepView } from "./live-view";
import { getRun, getRunSpansChangedSince, getRunSteps, stepEndedAt } from "./queries";

/** The run, or null when the id is malformed or names no run of this tenant: both read as "not here". */
export async function findRun(db: DbOrTx, actor: Actor, runId: string): Promise<Run | null> {
  try {
    return await getRun(db, actor, runId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}

// Span times come from the engine's clock, the cut-off from a step's: a minute's margin covers any
// drift between processes (a span sent twice costs a few hundred bytes).
const CLOCK_MARGIN_MS = 60_000;

/**
 * Follows one run: every step after `after` (each exactly once, in order, with `id: <seq>` so a
 * reconnecting EventSource resumes from Last-Event-ID), the run row whenever it changes with the
 * spans that are new or changed since the reader's copy (readers merge them by span id), then
 * `end` once the run is over. Subscribes before the first read, so no step falls in between.
 */
export function runEventStream(
  db: Db,
  actor: Actor,
  runId: string,
  after: number,
  signal: AbortSignal,
): Response {
  const redact = !can(actor, "payloads:read");
  return sseResponse(signal, async (sink) => {
    const redactor = await redactorFor(db, actor);
    let lastSent = after;
    let lastRun = "";
    // What this reader has of each span, as sent: only spans that differ go out again.
    const sentSpans = new Map<string, string>();
    const resumedAt = await stepEndedAt(db, actor, runId, after);
    const since = resumedAt && new Date(resumedAt.getTime() - CLOCK_MARGIN_MS);
    let busy = false;
    let again = false;

    const pump = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          for (const step of await getRunSteps(db, actor, runId, lastSent)) {
            sink.send("step", toStepView(step, redact), step.seq);
            lastSent = step.seq;
          }
          const run = await getRun(db, actor, runId);
          const spans = [];
          for (const span of await getRunSpansChangedSince(db, actor, runId, since)) {
            const view = toSpanView(span, redact);
            const json = JSON.stringify(view);
            if (sentSpans.get(view.spanId) === json) continue;
            sentSpans.set(view.spanId, json);
            spans.push(view);
          }
          const runView = toRunView(run, redactor);
          const runJson = JSON.stringify(runView);
          if (spans.length > 0 || runJson !== lastRun) sink.send("run", { run: runView, spans });
          lastRun = runJson;
          // The run row was read after the steps: a newer seq means a step committed in between.
          if (run.lastSeq > lastSent) again = true;
          else if (TERMINAL_STATUSES.includes(run.status)) {
            sink.send("end", { status: run.status });
            sink.close();
          }
        } while (again && !sink.closed);
      } finally {
        busy = false;
      }
    };
    const follow = () => {
      pump().catch((error) => {
        console.error(`Following run ${runId} failed; the browser reconnects and resumes`, error);
        sink.close();
      });
    };

    sink.onClose(
      stepHub().subscribe((event) => {
        if (event.runId === runId && event.tenantId === actor.tenantId) follow();
      }),
    );
    // Status changes without a step (queued → running) and any lost notification show up here.
    sink.onHeartbeat(follow);
    await stepHub().ready();
    await pump();
  });
}

/** Tenant-wide: `{ runId, seq }` for every step committed in the actor's tenant, for list pages. */
export function tenantRunEvents(actor: Actor, signal: AbortSignal): Response {
  return sseResponse(signal, async (sink) => {
    sink.onClose(
      stepHub().subscribe((event) => {
        if (event.tenantId === actor.tenantId) sink.send("step", { runId: event.runId, seq: event.seq });
      }),
    );
    await stepHub().ready();
    sink.send("ready", {});
  });
}
