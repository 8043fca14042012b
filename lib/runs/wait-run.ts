import { z } from "zod";
import type { Db } from "@/db/client";
import { type Run, TERMINAL_STATUSES } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { wakeableNap } from "@/lib/engine-events/nap";
import { stepHub } from "@/lib/engine-events/step-events";
import { getRun } from "./queries";

/** The longest one request may wait for a run to settle. */
export const MAX_RUN_WAIT_SECONDS = 60;

/** A long poll's `?wait=`: how many seconds the answer may wait for a change (more is waited as 60). */
export const waitQuery = z.object({
  wait: z.coerce
    .number({ error: "wait must be a number of seconds from 0 to 60." })
    .min(0, "wait must be a number of seconds from 0 to 60.")
    .default(0)
    .describe("Seconds to wait for a change before answering, at most 60."),
});

/** A run a program waits for has settled when it ended or waits on a person (an approval, a question, a pause). */
const settled = (run: Run) =>
  (TERMINAL_STATUSES as readonly string[]).includes(run.status) ||
  run.status === "waiting_approval" ||
  run.status === "waiting_input" ||
  run.status === "paused";

/**
 * The run once it has settled, or as it stands after `seconds` (at most a minute): a program that
 * started a run learns its end without polling in a loop. Woken by the run's own step announcements.
 */
export async function waitForRun(db: Db, actor: Actor, runId: string, seconds: number): Promise<Run> {
  let run = await getRun(db, actor, runId);
  const deadline = Date.now() + Math.min(Math.max(0, seconds), MAX_RUN_WAIT_SECONDS) * 1000;
  if (settled(run) || Date.now() >= deadline) return run;
  const nap = wakeableNap();
  const unsubscribe = stepHub().subscribe((event) => {
    if (event.runId === runId) nap.wake();
  });
  try {
    await stepHub().ready();
    for (;;) {
      run = await getRun(db, actor, runId);
      const left = deadline - Date.now();
      if (settled(run) || left <= 0) return run;
      await nap.sleep(Math.min(left, 1_000));
    }
  } finally {
    unsubscribe();
  }
}
