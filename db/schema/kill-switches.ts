import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * `run_pause` is an operator taking a run over: the run is held (paused) until they hand it back
 * (release) or finish it by hand (lib/runs/finish-run-by-hand.ts).
 */
export const KILL_SCOPES = ["run", "agent", "tenant", "global", "run_pause"] as const;
export type KillScope = (typeof KILL_SCOPES)[number];
export const killScopeEnum = pgEnum("kill_scope", KILL_SCOPES);

/** An engaged switch stays until someone releases it: the row is kept afterwards as history. */
export const killSwitches = pgTable(
  "kill_switches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scope: killScopeEnum("scope").notNull(),
    // Null for the global switch.
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    // The agent's or the run's id; null for tenant and global switches.
    target: uuid("target"),
    reason: text("reason").notNull(),
    engagedBy: text("engaged_by").notNull(),
    engagedAt: timestamp("engaged_at", { withTimezone: true }).notNull().defaultNow(),
    releasedBy: text("released_by"),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    releaseReason: text("release_reason"),
  },
  (t) => [
    // One engaged switch per scope and target; null tenant/target compare equal through coalesce.
    uniqueIndex("kill_switches_engaged_key")
      .on(
        t.scope,
        sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        sql`coalesce(${t.target}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      )
      .where(sql`released_at is null`),
    index("kill_switches_tenant_idx").on(t.tenantId, t.engagedAt.desc()),
  ],
);

export type KillSwitch = typeof killSwitches.$inferSelect;
