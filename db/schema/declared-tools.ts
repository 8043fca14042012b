import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * A tool of an agent that runs elsewhere, declared in the tenant's catalog without an implementation:
 * its name, input schema and risk, and what policy decides it on. Agents that ask the gate before
 * each call are given it like any other tool; Flightdeck never executes it.
 */
export const declaredTools = pgTable(
  "declared_tools",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull(),
    /** JSON Schema of the arguments (an object): they are validated against it before policy decides. */
    inputSchema: jsonb("input_schema").$type<Record<string, unknown>>().notNull(),
    risk: text("risk", { enum: ["read", "write", "irreversible"] }).notNull(),
    idempotent: boolean("idempotent").notNull().default(false),
    /**
     * The Cedar resource a call acts on: its entity type and the argument naming it (e.g. `Customer`
     * and `customer_id`). Absent: the resource is `Target::"<tool>"`.
     */
    resourceType: text("resource_type"),
    resourceArg: text("resource_arg"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

export type DeclaredTool = typeof declaredTools.$inferSelect;
