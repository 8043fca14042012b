import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * One row per `Idempotency-Key` a tenant's client sent with a POST: what the request was (a hash of
 * its method, path and body) and, once it finished, the response to give to a retry of it.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    key: text("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    /** Null while the first request is still being handled. */
    status: integer("status"),
    response: text("response"),
    location: text("location"),
    /** Which attempt holds the key: a request taken over from a dead process releases only its own. */
    claimId: uuid("claim_id").notNull().defaultRandom(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);
