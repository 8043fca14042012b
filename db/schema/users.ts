import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Always stored lower-cased, so look-ups are exact.
    email: text("email").notNull(),
    name: text("name").notNull(),
    // Null for users who only sign in through an OIDC provider.
    passwordHash: text("password_hash"),
    // True once the person proved they own the email (a mailed link, or a verified SSO email). An
    // unproven account stays confined to the tenant that created it.
    emailVerified: boolean("email_verified").notNull().default(false),
    /**
     * Created by the deployment's own configuration at start-up (FLIGHTDECK_INIT_*, the demo): the
     * deployment vouches for the address, which lets FLIGHTDECK_PLATFORM_ADMINS name the account.
     */
    provisioned: boolean("provisioned").notNull().default(false),
    /**
     * Sessions carry the version they were signed in under; raising it (sign-out, a reset of the
     * person's sign-in, a password change) ends every session at once, on every server.
     */
    sessionVersion: integer("session_version").notNull().default(1),
    /**
     * The IANA time zone the person reads timestamps in (lib/sign-in/time-zone.ts); null until
     * they choose one, and UTC meanwhile. Stored times stay UTC.
     */
    timeZone: text("time_zone"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export type User = typeof users.$inferSelect;
