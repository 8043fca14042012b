import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roleEnum } from "./memberships";
import { tenants } from "./tenants";
import { users } from "./users";

/** How the invitation link reached the person: only `smtp` proves they own the email address. */
export const INVITATION_DELIVERIES = ["smtp", "outbox"] as const;
export type InvitationDelivery = (typeof INVITATION_DELIVERIES)[number];
export const invitationDeliveryEnum = pgEnum("invitation_delivery", INVITATION_DELIVERIES);

/** A single-use link that lets one person join one tenant; only the token's hash is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name"),
    role: roleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    delivery: invitationDeliveryEnum("delivery").notNull(),
    invitedBy: text("invited_by").notNull(),
    // Set when an admin reset this member's sign-in: accepting sets a new password on that account.
    resetUserId: uuid("reset_user_id").references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_tenant_idx").on(t.tenantId, t.createdAt),
    index("invitations_email_idx").on(t.email),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
