import "server-only";
import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { listUserTenants, type TenantMembership } from "@/lib/tenants/user-tenants";
import { type Actor, assertScope } from "./actor";
import { authOptions } from "./auth-options";
import type { Scope } from "./scopes";

export const TENANT_COOKIE = "fd_tenant";

export type SessionContext = {
  actor: Actor;
  user: { id: string; email: string; name: string };
  tenants: TenantMembership[];
};

/** The signed-in user with the role they hold now in the selected tenant, or null. */
export async function currentSession(): Promise<SessionContext | null> {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) return null;
  const db = getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, session.userId));
  if (!user) return null;
  const tenants = await listUserTenants(db, user.id);
  const selected = (await cookies()).get(TENANT_COOKIE)?.value;
  const membership = tenants.find((t) => t.tenantId === selected) ?? tenants[0];
  if (!membership) return null;
  return {
    user,
    tenants,
    actor: {
      kind: "user",
      id: user.id,
      label: user.email,
      tenantId: membership.tenantId,
      tenantName: membership.tenantName,
      role: membership.role,
    },
  };
}

/** For server actions: the actor, or an AppError the action turns into a message. */
export async function requireActor(scope?: Scope): Promise<Actor> {
  const context = await currentSession();
  if (!context) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
  if (scope) assertScope(context.actor, scope);
  return context.actor;
}

/** For pages: sends people who are not signed in to the sign-in page. */
export async function requirePageSession(): Promise<SessionContext> {
  const context = await currentSession();
  if (!context) redirect("/sign-in");
  return context;
}
