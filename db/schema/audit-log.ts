import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

export const ACTOR_TYPES = ["user", "api_key", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];
export const actorTypeEnum = pgEnum("actor_type", ACTOR_TYPES);

// Append-only: a trigger (see migrations) refuses UPDATE and DELETE.
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // Null for entries that concern the whole installation (e.g. a global stop).
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "restrict" }),
    actorType: actorTypeEnum("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_tenant_id_idx").on(t.tenantId, t.id.desc()),
    index("audit_log_tenant_action_idx").on(t.tenantId, t.action),
    // The filters' list of who acted, and the entries about one target (a run's, an agent's) — for a
    // run, also those about its approvals and receipts, which name it in their details.
    index("audit_log_tenant_actor_idx").on(t.tenantId, t.actorLabel),
    index("audit_log_tenant_target_idx").on(t.tenantId, t.targetId, t.id.desc()),
    index("audit_log_tenant_run_idx").on(t.tenantId, sql`(${t.details}->>'run_id')`),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
