import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** A run became claimable (queued, or queued again after a hold): payload is the run id. */
export const RUNS_CHANNEL = "flightdeck_runs";
/** An operator sent a run a message (lib/runs/send-run-message.ts): payload is the run id. */
export const RUN_MESSAGES_CHANNEL = "flightdeck_run_messages";
/** Steps committed, batched by the step notifier: payload is `tenant:run:seq` lines. */
export const STEPS_CHANNEL = "flightdeck_run_steps";

export const notifyRunQueued = (db: DbOrTx, runId: string) =>
  db.execute(sql`select pg_notify(${RUNS_CHANNEL}, ${runId})`);
