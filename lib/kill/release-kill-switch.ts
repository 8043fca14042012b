import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { killSwitches, TERMINAL_STATUSES } from "@/db/schema";
import { PLATFORM_OPERATOR, recordAudit, recordAuditInEveryTenant } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { RUNS_CHANNEL } from "@/lib/engine-events/run-channels";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";
import { ENGAGED_SWITCH_OVER_RUN_SQL, isHold, runsCoveredBy, type SwitchPlace } from "./coverage";
import { KILL_CHANNEL } from "./killed-error";
import { killScopeSchema, killTargetSchema, resolveKillPlace } from "./resolve-target";

export const releaseKillSchema = z.object({
  scope: killScopeSchema,
  target: killTargetSchema,
  reason: z.string().trim().max(500).optional(),
});

/**
 * Resume / Unfreeze / release: the switch stays in the table as history, with who and why. An API
 * key cannot release a switch someone else engaged while it covers a run the key started that has
 * not ended (the key an agent runs with cannot lift an operator's pause of it). A run another
 * switch still covers stays paused.
 */
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
    if (row.engagedBy !== actor.label) await assertNotOwnRuns(tx, actor, place);
    // The runs the hold paused resume from their last committed step, unless another switch still
    // covers them (a tenant's freeze after the agent's pause is lifted): they wait, paused, for it.
    const resumed = isHold(place)
      ? await tx.execute<{ id: string; tenant_id: string; last_seq: number }>(sql`
          update runs set status = (case when source = 'gate' then 'running' else 'queued' end)::run_status
          where ${runsCoveredBy(place)} and status = 'paused'
            and not ${sql.raw(ENGAGED_SWITCH_OVER_RUN_SQL)}
          returning id, tenant_id, last_seq`)
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
    // Workers wake and take the resumed runs.
    if (resumed.length > 0) await tx.execute(sql`select pg_notify(${RUNS_CHANNEL}, 'resumed')`);
    return { row, resumed };
  });
  // Live views (and a gate run's agent) hear of the release at once.
  for (const run of resumed) stepNotifier(db.$client).announce(run.tenant_id, run.id, run.last_seq);
  return row;
}

/**
 * Segregation of duties: an API key may not release another's switch while it covers a run that key
 * started and that has not ended (runs.created_by holds the starter's label, `API key <name>`).
 * People, and other keys, may. Called after the release's update: a refusal rolls it back.
 */
async function assertNotOwnRuns(tx: DbOrTx, actor: Actor, place: SwitchPlace): Promise<void> {
  if (actor.kind !== "api_key") return;
  const ended = sql.join(
    TERMINAL_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  const [own] = await tx.execute<{ id: string }>(sql`
    select id from runs where ${runsCoveredBy(place)} and created_by = ${actor.label}
      and source <> 'otlp' and status not in (${ended}) limit 1`);
  if (own)
    throw new AppError(
      "forbidden",
      `${actor.label} started run ${own.id.slice(0, 8)}, which this switch holds: it cannot release it. A person, or another key, releases it.`,
    );
}
