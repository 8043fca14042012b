import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./tenants";

// The demo shop "Acme Support" acts on these tables for real. They are the shop's systems, not
// Flightdeck's: Flightdeck's own tables never reference them.

const tenant = tenantIdColumn;
const money = (name: string) => numeric(name, { precision: 12, scale: 2, mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const demoCustomers = pgTable(
  "demo_customers",
  {
    tenantId: tenant(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const demoOrders = pgTable(
  "demo_orders",
  {
    tenantId: tenant(),
    id: text("id").notNull(),
    customerId: text("customer_id").notNull(),
    totalUsd: money("total_usd").notNull(),
    status: text("status").notNull(),
    items: jsonb("items")
      .$type<{ sku: string; name: string; quantity: number; priceUsd: number }[]>()
      .notNull(),
    placedAt: at("placed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const demoTickets = pgTable(
  "demo_tickets",
  {
    tenantId: tenant(),
    id: text("id").notNull(),
    customerId: text("customer_id").notNull(),
    orderId: text("order_id"),
    subject: text("subject").notNull(),
    /** Untrusted text written by whoever opened the ticket. */
    body: text("body").notNull(),
    status: text("status").notNull(),
    notes: jsonb("notes").$type<{ at: string; note: string; by: string }[]>().notNull().default([]),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const demoRefunds = pgTable(
  "demo_refunds",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenant(),
    orderId: text("order_id").notNull(),
    /** Negative for a reversal entry. */
    amountUsd: money("amount_usd").notNull(),
    reason: text("reason").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    reversesId: bigint("reverses_id", { mode: "number" }),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("demo_refunds_idempotency_key").on(t.tenantId, t.idempotencyKey),
    index("demo_refunds_order_idx").on(t.tenantId, t.orderId),
  ],
);

export const demoOutbox = pgTable(
  "demo_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenant(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** queued → delivered after the grace period, or recalled before it ends. */
    status: text("status").notNull().default("queued"),
    deliverAfter: at("deliver_after").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("demo_outbox_idempotency_key").on(t.tenantId, t.idempotencyKey)],
);

export const demoKnowledgeBase = pgTable(
  "demo_kb",
  {
    tenantId: tenant(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const demoFiles = pgTable(
  "demo_files",
  {
    tenantId: tenant(),
    path: text("path").notNull(),
    content: text("content").notNull(),
    /**
     * The content is an agent's write_file, unchanged since: set in the write's own transaction, so a
     * run deciding on the file sees it at once (its receipt commits a moment later, with its step).
     */
    writtenByAgent: boolean("written_by_agent").notNull().default(false),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.path] })],
);

export const demoHealth = pgTable("demo_health", {
  tenantId: tenant().primaryKey(),
  healthy: boolean("healthy").notNull().default(true),
  detail: text("detail").notNull().default("all checks passing"),
  /** Flaky mode for drills: the share of demo tool calls (0–100 %) that fail with a transient error. */
  flakyPercent: integer("flaky_percent").notNull().default(0),
  updatedAt: at("updated_at").notNull().defaultNow(),
});
