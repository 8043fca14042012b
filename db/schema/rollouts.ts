import { boolean, index, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { runs } from "./runs";
import { tenants } from "./tenants";

/**
 * A finished run of the agent's current version and the dry run of the rollout's candidate on the
 * same goal that shadowed it (docs/rollout.md, "Shadow"): the row is written before the shadow
 * starts, so one live run is shadowed once however many workers sweep; the comparison fills in when
 * the shadow ends.
 */
export const rolloutShadows = pgTable(
  "rollout_shadows",
  {
    liveRunId: uuid("live_run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    rolloutId: uuid("rollout_id").notNull(),
    liveVersion: integer("live_version").notNull(),
    candidateVersion: integer("candidate_version").notNull(),
    shadowRunId: uuid("shadow_run_id"),
    /** Why no shadow could start (the agent archived, a kill switch, the budget); null otherwise. */
    error: text("error"),
    /** Both runs ended the same way (status). */
    sameOutcome: boolean("same_outcome"),
    /** Both made the same tool calls with the same arguments, in the same order. */
    sameEffects: boolean("same_effects"),
    /** The shadow's cost minus the live run's; null while either is unpriced. */
    costDeltaUsd: numeric("cost_delta_usd", { precision: 14, scale: 6, mode: "number" }),
    comparedAt: timestamp("compared_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rollout_shadows_agent_idx").on(t.tenantId, t.agentId, t.candidateVersion)],
);

export type RolloutShadow = typeof rolloutShadows.$inferSelect;
