import "server-only";
import { eq, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import type { Scope } from "@/lib/auth/scopes";
import type { StreamGrant } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { listUserTenants, type TenantMembership } from "@/lib/tenants/user-tenants";
import { authOptions } from "./auth-options";

export const TENANT_COOKIE = "fd_tenant";

export type SessionContext = {
  actor: Actor;
  /** `timeZone`: the IANA zone chosen for timestamps; null until the person chooses (shown in UTC). */
  user: { id: string; email: string; name: string; timeZone: string | null };
  tenants: TenantMembership[];
  /** The version the session was signed in under (see lib/auth/session-version.ts). */
  sessionVersion: number;
};

/**
 * The signed-in user with the role they hold now in the selected tenant, or null. Read once per
 * request: a page, its layout and their components share it (React's cache()).
 */
export const currentSession = cache(async (): Promise<SessionContext | null> => {
  const session = (await getServerSession(authOptions())) as {
    userId?: string;
    sessionVersion?: number;
  } | null;
  if (!session?.userId) return null;
  const db = getDb();
  const [found] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      timeZone: users.timeZone,
      sessionVersion: users.sessionVersion,
      addressTrusted: sql<boolean>`${users.emailVerified} or ${users.provisioned}`,
    })
    .from(users)
    .where(eq(users.id, session.userId));
  // A token from before a sign-out, a reset or a password change is a session that has ended.
  if (!found || found.sessionVersion !== session.sessionVersion) return null;
  const { sessionVersion, addressTrusted, ...user } = found;
  // A suspended tenant's members are signed out of it; it is no longer theirs to pick.
  const tenants = (await listUserTenants(db, user.id)).filter((t) => !t.suspended);
  const selected = (await cookies()).get(TENANT_COOKIE)?.value;
  const membership = tenants.find((t) => t.tenantId === selected) ?? tenants[0];
  if (!membership) return null;
  return {
    user,
    tenants,
    sessionVersion,
    actor: {
      kind: "user",
      id: user.id,
      label: user.email,
      tenantId: membership.tenantId,
      tenantName: membership.tenantName,
      role: membership.role,
      addressTrusted,
    },
  };
});

/** For server actions: the actor, or an AppError the action turns into a message. */
export async function requireActor(scope?: Scope): Promise<Actor> {
  const context = await currentSession();
  if (!context) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
  if (scope) assertScope(context.actor, scope);
  return context.actor;
}

/** What a live stream opened in this session may go on with (see streamSignal). */
export const streamGrant = (session: SessionContext): StreamGrant => ({
  userId: session.user.id,
  tenantId: session.actor.tenantId,
  role: session.actor.role,
  sessionVersion: session.sessionVersion,
});
