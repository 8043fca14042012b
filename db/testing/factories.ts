import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { memberships, tenants, users } from "@/db/schema";
import type { Role } from "@/db/schema/memberships";
import type { Actor } from "@/lib/auth/actor";

const unique = () => randomBytes(4).toString("hex");

export async function createTenant(db: Db, name = `Tenant ${unique()}`) {
  const [tenant] = await db
    .insert(tenants)
    .values({ name, slug: `t-${unique()}` })
    .returning();
  if (!tenant) throw new Error("tenant not created");
  return tenant;
}

/** A user who is a member of the tenant with the role, as the actor the app would resolve. */
export async function createMember(db: Db, tenant: { id: string; name: string }, role: Role): Promise<Actor> {
  const email = `${role}-${unique()}@example.test`;
  const [user] = await db
    .insert(users)
    .values({ email, name: `${role} person` })
    .returning();
  if (!user) throw new Error("user not created");
  await db.insert(memberships).values({ tenantId: tenant.id, userId: user.id, role });
  return { kind: "user", id: user.id, label: email, tenantId: tenant.id, tenantName: tenant.name, role };
}
