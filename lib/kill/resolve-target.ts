import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { agents, KILL_SCOPES, type KillScope, runs, TERMINAL_STATUSES } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const killScopeSchema = z.enum(KILL_SCOPES, {
  message: "Choose run, run_pause, agent, tenant or global.",
});
// An agent may be named by id or by name; a run only by id.
export const killTargetSchema = z.string().trim().min(1).max(200).optional();

/** Where a switch applies: its tenant (null for global) and target, checked against the actor's tenant. */
export type KillPlace = {
  scope: KillScope;
  tenantId: string | null;
  target: string | null;
  label: string;
  /** A run that has already ended: there is nothing left to stop. */
  ended?: boolean;
};

export async function resolveKillPlace(
  db: DbOrTx,
  actor: Actor,
  scope: KillScope,
  target: string | undefined,
): Promise<KillPlace> {
  assertScope(actor, scope === "global" ? "kill:global" : "kill:engage");
  if (scope === "global") return { scope, tenantId: null, target: null, label: "Everything" };
  if (scope === "tenant") return { scope, tenantId: actor.tenantId, target: null, label: actor.tenantName };
  if (!target) throw new AppError("invalid_input", `Name the ${scope} to stop.`, { field: "target" });
  const isId = z.uuid().safeParse(target).success;
  if (scope === "run" || scope === "run_pause") {
    const [run] = isId
      ? await db
          .select({ id: runs.id, status: runs.status, source: runs.source })
          .from(runs)
          .where(and(eq(runs.id, target), eq(runs.tenantId, actor.tenantId)))
      : [];
    if (!run) throw new AppError("not_found", "There is no such run in this tenant.");
    if (run.source === "otlp")
      throw new AppError(
        "conflict",
        "This run is an agent's that runs elsewhere, observed from its traces: Flightdeck cannot stop it.",
      );
    const label = `run ${run.id.slice(0, 8)}`;
    return {
      scope,
      tenantId: actor.tenantId,
      target: run.id,
      label,
      ended: TERMINAL_STATUSES.includes(run.status),
    };
  }
  const [agent] = await db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), isId ? eq(agents.id, target) : eq(agents.name, target)));
  if (!agent) throw new AppError("not_found", "There is no such agent in this tenant.");
  return { scope, tenantId: actor.tenantId, target: agent.id, label: `agent ${agent.name}` };
}
