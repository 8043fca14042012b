import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { killSwitches } from "@/db/schema";
import { PLATFORM_OPERATOR, recordAudit, recordAuditInEveryTenant } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { RUNS_CHANNEL } from "@/lib/engine-events/run-channels";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";
import { isHold, runsCoveredBy } from "./coverage";
import { KILL_CHANNEL } from "./killed-error";
import { killScopeSchema, killTargetSchema, resolveKillPlace } from "./resolve-target";

export const releaseKillSchema = z.object({
  scope: killScopeSchema,
  target: killTargetSchema,
  reason: z.string().trim().max(500).optional(),
});

/** Resume / Unfreeze / release: the switch stays in the table as history, with who and why. */
export async function releaseKillSwitch(db: Db, actor: Actor, input: z.input<typeof releaseKillSchema>) {
  const parsed = releaseKillSchema.parse(input);
  const place = await resolveKillPlace(db, actor, parsed.scope, parsed.target);
  const { row, resumed } = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(killSwitches)
      .set({
        releasedAt: new Date(),
        releasedBy: place.scope === "global" ? PLATFORM_OPERATOR : actor.label,
        releaseReason: parsed.reason || null,
      })
      .where(
        and(
          isNull(killSwitches.releasedAt),
          eq(killSwitches.scope, place.scope),
          place.tenantId ? eq(killSwitches.tenantId, place.tenantId) : isNull(killSwitches.tenantId),
          place.target ? eq(killSwitches.target, place.target) : isNull(killSwitches.target),
        ),
      )
      .returning();
    if (!row) throw new AppError("not_found", `No kill switch is engaged on ${place.label}.`);
    // The runs the hold paused resume from their last committed step.
    const resumed = isHold(place)
      ? await tx.execute<{ id: string; tenant_id: string; last_seq: number }>(sql`
          update runs set status = (case when source = 'gate' then 'running' else 'queued' end)::run_status
          where ${runsCoveredBy(place)} and status = 'paused' returning id, tenant_id, last_seq`)
      : [];
    const audit = place.scope === "global" ? recordAuditInEveryTenant : recordAudit;
    await audit(tx, actor, {
      action: "kill.released",
      targetType: place.scope,
      targetId: place.target ?? place.tenantId ?? undefined,
      details: {
        scope: place.scope,
        target: place.target,
        reason: parsed.reason ?? null,
        resumed: resumed.length,
      },
    });
    await tx.execute(sql`select pg_notify(${KILL_CHANNEL}, ${row.id})`);
    // Workers wake and take the resumed runs (a run another switch still covers waits for that one).
    if (resumed.length > 0) await tx.execute(sql`select pg_notify(${RUNS_CHANNEL}, 'resumed')`);
    return { row, resumed };
  });
  // Live views (and a gate run's agent) hear of the release at once.
  for (const run of resumed) stepNotifier(db.$client).announce(run.tenant_id, run.id, run.last_seq);
  return row;
}
