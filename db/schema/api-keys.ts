import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roleEnum } from "./memberships";
import { tenants } from "./tenants";
import { users } from "./users";

export const API_KEY_PURPOSES = ["api", "ingest"] as const;
export type ApiKeyPurpose = (typeof API_KEY_PURPOSES)[number];

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // The first characters of the key, shown in lists so people can tell keys apart.
    prefix: text("prefix").notNull(),
    // sha256 of the whole key: keys are long random strings, so a fast hash is safe here.
    keyHash: text("key_hash").notNull(),
    role: roleEnum("role").notNull(),
    /** `ingest`: the key only sends traces (POST /api/otlp/v1/traces) and no API call accepts it. */
    purpose: text("purpose", { enum: API_KEY_PURPOSES }).notNull().default("api"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_tenant_idx").on(t.tenantId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
