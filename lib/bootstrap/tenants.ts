import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, tenants, users } from "@/db/schema";
import type { Role } from "@/db/schema/memberships";
import { hashPassword } from "@/lib/auth/password";

export const slugify = (name: string): string =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48) || "tenant";

/** Returns the tenant with this name's slug, creating it if missing; `created` tells which. */
export async function ensureTenant(db: DbOrTx, name: string) {
  const slug = slugify(name);
  const [created] = await db.insert(tenants).values({ slug, name }).onConflictDoNothing().returning();
  if (created) return { tenant: created, created: true };
  const [existing] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  if (!existing) throw new Error(`Tenant ${slug} could neither be created nor found.`);
  return { tenant: existing, created: false };
}

/** Creates the user if the email is new (never touching an existing one) and ensures the membership. */
export async function ensureMember(
  db: DbOrTx,
  tenantId: string,
  person: { email: string; name: string; password: string; role: Role },
) {
  const email = person.email.toLowerCase();
  let [user] = await db.select().from(users).where(eq(users.email, email));
  let created = false;
  if (!user) {
    [user] = await db
      .insert(users)
      .values({
        email,
        name: person.name,
        passwordHash: await hashPassword(person.password),
        provisioned: true,
      })
      .onConflictDoNothing()
      .returning();
    created = Boolean(user);
    user ??= (await db.select().from(users).where(eq(users.email, email)))[0];
  }
  if (!user) throw new Error(`User ${email} could neither be created nor found.`);
  const [existing] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, user.id)));
  if (!existing) {
    await db
      .insert(memberships)
      .values({ tenantId, userId: user.id, role: person.role })
      .onConflictDoNothing();
  }
  return { user, created };
}
