import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";
import { KILL_CHANNEL } from "@/lib/kill/killed-error";
import { getRun } from "./queries";

export const finishByHandInput = z
  .object({
    outcome: z.enum(["succeeded", "failed"], { error: "outcome is succeeded or failed." }),
    note: z
      .string({ error: "note must be text." })
      .trim()
      .min(3, "Say what you did or found (at least 3 characters).")
      .max(4000, "A note is at most 4,000 characters."),
  })
  .strict();

export type FinishByHandInput = z.input<typeof finishByHandInput>;

function refusal(status: string | undefined): string {
  if (status === "running")
    return "The run is still finishing its current step: it holds once the step is committed. Try again in a moment.";
  if (status === "waiting_child")
    return "The run waits for a run it delegated to: stop that run first (or hand this one back).";
  return `The run has already ended (${status ?? "gone"}).`;
}

/**
 * Ends a run an operator took over (a `run_pause` switch holds it) with their own account of what
 * happened: the run ends `succeeded` or `failed` with stop reason `finished_by_operator`, the
 * operator's note as its output, its open requests cancelled, and the hold released. A run still in
 * the middle of a step is refused: its effect could land after the end, without a receipt.
 */
export async function finishRunByHand(db: Db, actor: Actor, runId: string, input: FinishByHandInput) {
  assertScope(actor, "runs:steer");
  const { outcome, note } = finishByHandInput.parse(input);
  const run = await getRun(db, actor, runId);
  if (run.source !== "engine")
    throw new AppError(
      "conflict",
      "Only runs Flightdeck's engine runs can be taken over and finished by hand.",
    );
  const account = `Finished by hand by ${actor.label}: ${note}`;
  const ended = await db.transaction(async (tx) => {
    const [held] = await tx.execute<{ id: string }>(sql`
      select id from kill_switches where scope = 'run_pause' and tenant_id = ${actor.tenantId}
        and target = ${run.id} and released_at is null for update`);
    if (!held)
      throw new AppError("conflict", "Take the run over first: only a run you hold can be finished by hand.");
    const [row] = await tx.execute<{ id: string; status: string; last_seq: number }>(sql`
      update runs set status = ${outcome}::run_status, stop_reason = 'finished_by_operator',
        output = ${account}, error = ${outcome === "failed" ? account : null}, ended_at = now(),
        lease_owner = null, lease_expires_at = null, pending_tool_call = null,
        fencing_token = fencing_token + 1
      where id = ${run.id} and tenant_id = ${actor.tenantId}
        -- No process holds the run in these: nothing of the agent can still commit.
        and status in ('paused', 'waiting_approval', 'waiting_input', 'queued')
      returning id, status, last_seq, trace_id`);
    if (!row) {
      const [current] = await tx.execute<{ status: string }>(
        sql`select status from runs where id = ${run.id}`,
      );
      throw new AppError("conflict", refusal(current?.status));
    }
    const cancelled = await tx.execute(sql`
      update approvals set status = 'cancelled', decided_at = now(), comment = ${account}
      where status = 'pending' and run_id = ${run.id} returning id`);
    await tx.execute(sql`
      update spans set end_time = now(), status = ${outcome === "failed" ? "error" : "ok"}
      where span_id = left(${run.traceId}, 16) and end_time is null`);
    await tx.execute(sql`
      update kill_switches set released_at = now(), released_by = ${actor.label},
        release_reason = 'Finished by hand'
      where id = ${held.id}`);
    await recordAudit(tx, actor, {
      action: "run.finished_by_hand",
      targetType: "run",
      targetId: run.id,
      details: { outcome, note, cancelled_requests: cancelled.length },
    });
    await tx.execute(sql`select pg_notify(${KILL_CHANNEL}, ${held.id})`);
    return { lastSeq: row.last_seq, cancelled: cancelled.length };
  });
  stepNotifier(db.$client).announce(actor.tenantId, run.id, ended.lastSeq);
  if (ended.cancelled > 0) await announceApprovals(db.$client, actor.tenantId);
  return { runId: run.id, status: outcome, stopReason: "finished_by_operator" as const, output: account };
}
