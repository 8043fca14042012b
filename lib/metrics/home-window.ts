import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { windowStart } from "@/lib/runs/run-windows";

/**
 * The home page's window: the last 24 hours back from `now`, so a failure just before midnight (UTC
 * or anyone's) is still listed just after it. `now` is a parameter so tests pick their moment.
 */
export type HomeWindow = { since: string; until: string };

export function last24Hours(now = new Date()): HomeWindow {
  return { since: windowStart("24h", now).toISOString(), until: now.toISOString() };
}

/** Runs of the actor's tenant created in the window, over alias `r`. */
export const windowScope = (actor: Actor, w: HomeWindow): SQL =>
  sql`r.tenant_id = ${actor.tenantId} and r.created_at >= ${w.since}::timestamptz and r.created_at <= ${w.until}::timestamptz`;
