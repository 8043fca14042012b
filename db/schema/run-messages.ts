import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs";
import { tenants } from "./tenants";

/**
 * An operator's instruction to a run under way, stored when sent. The engine hands it to the model
 * at the run's next model turn, inside that turn's step (`operatorMessages` of its payload): the
 * committed step is what makes the delivery happen once; `delivered_seq` only records it.
 */
export const runMessages = pgTable(
  "run_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    sentBy: text("sent_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The model step that carried it to the model. */
    deliveredSeq: integer("delivered_seq"),
  },
  (t) => [
    index("run_messages_run_idx").on(t.runId, t.createdAt),
    index("run_messages_undelivered_idx").on(t.runId).where(sql`delivered_seq is null`),
  ],
);

export type RunMessage = typeof runMessages.$inferSelect;
