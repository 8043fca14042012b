import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { type KillSwitch, killSwitches } from "@/db/schema";
import { PLATFORM_OPERATOR, recordAudit, recordAuditInEveryTenant } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";
import { isHold, runsCoveredBy } from "./coverage";
import { KILL_CHANNEL, killMessage } from "./killed-error";
import { type KillPlace, killScopeSchema, killTargetSchema, resolveKillPlace } from "./resolve-target";

export const engageKillSchema = z.object({
  scope: killScopeSchema,
  target: killTargetSchema,
  reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(500),
});

/**
 * Engages a switch: stored until released, audited, announced to every process (which abort the
 * runs in scope), and queued runs in scope are killed here at once since no worker holds them.
 */
export async function engageKillSwitch(db: Db, actor: Actor, input: z.input<typeof engageKillSchema>) {
  const parsed = engageKillSchema.parse(input);
  const place = await resolveKillPlace(db, actor, parsed.scope, parsed.target);
  if (place.ended) throw new AppError("conflict", `The ${place.label} has already ended.`);
  const { killSwitch, killed } = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(killSwitches)
      .values({
        scope: place.scope,
        tenantId: place.tenantId,
        target: place.target,
        reason: parsed.reason,
        // Every tenant sees a global stop: it names no person or key of another tenant.
        engagedBy: place.scope === "global" ? PLATFORM_OPERATOR : actor.label,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("conflict", `A kill switch is already engaged on ${place.label}.`);
    // A pause or a freeze holds the runs no process holds; a stop or the emergency stop ends them.
    const killed = isHold(place)
      ? await holdUnheldRuns(tx, place)
      : await killUnheldRuns(tx, place, killMessage(row));
    const audit = place.scope === "global" ? recordAuditInEveryTenant : recordAudit;
    await audit(tx, actor, {
      action: "kill.engaged",
      targetType: place.scope,
      targetId: place.target ?? place.tenantId ?? undefined,
      details: {
        scope: place.scope,
        target: place.target,
        reason: parsed.reason,
        killedQueued: killed.length,
      },
    });
    await tx.execute(sql`select pg_notify(${KILL_CHANNEL}, ${row.id})`);
    return { killSwitch: row, killed };
  });
  for (const run of killed) stepNotifier(db.$client).announce(run.tenant_id, run.id, run.last_seq);
  for (const tenant of new Set(killed.map((run) => run.tenant_id)))
    await announceApprovals(db.$client, tenant);
  return { killSwitch, killedQueued: killed.length } satisfies {
    killSwitch: KillSwitch;
    killedQueued: number;
  };
}

/**
 * Queued runs in scope (and running ones whose process died, and gate runs) wait as `paused`; a run
 * waiting for a person keeps waiting (its decision queues it, and the claim skips it while the hold
 * lasts). Observed runs are an outside agent's record: no switch holds or ends them.
 */
async function holdUnheldRuns(tx: DbOrTx, place: KillPlace) {
  return tx.execute<{ id: string; tenant_id: string; last_seq: number }>(sql`
    update runs set status = 'paused', lease_owner = null, lease_expires_at = null,
      fencing_token = fencing_token + 1
    where ${runsCoveredBy(place)} and source <> 'otlp' and (status = 'queued'
      or (status = 'running' and (lease_expires_at is null or lease_expires_at < now())))
    returning id, tenant_id, last_seq`);
}

/**
 * Runs in scope that no live process holds (queued, or running with an expired lease) end here;
 * the fencing token moves on so a process that lost its lease cannot commit to them any more.
 */
async function killUnheldRuns(tx: DbOrTx, place: KillPlace, error: string) {
  const inScope = runsCoveredBy(place);
  // A run waiting for a person or a child run, or held by a pause, holds no process either: it ends
  // here and its request is cancelled (a run switch covers the children too: they end with it).
  return tx.execute<{ id: string; tenant_id: string; last_seq: number }>(sql`
    with killed as (
      update runs set status = 'killed', stop_reason = 'killed', error = ${error}, ended_at = now(),
        lease_owner = null, lease_expires_at = null, pending_tool_call = null,
        fencing_token = fencing_token + 1
      where ${inScope} and source <> 'otlp' and (status in ('queued', 'paused', 'waiting_approval', 'waiting_input', 'waiting_child')
        or (status = 'running' and (lease_expires_at is null or lease_expires_at < now())))
      returning id, tenant_id, last_seq, trace_id
    ), cancelled as (
      update approvals set status = 'cancelled', decided_at = now(), comment = ${error}
      where status = 'pending' and run_id in (select id from killed)
    ), run_spans as (
      -- The run's root span ends with it (its id is the trace id's first half: see runSpanId).
      update spans set end_time = now(), status = 'error'
      where span_id in (select left(trace_id, 16) from killed) and end_time is null
    )
    select id, tenant_id, last_seq from killed`);
}
