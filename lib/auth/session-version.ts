import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, tenants, users } from "@/db/schema";
import type { Role } from "@/db/schema/memberships";

/** Ends every session of the person, on every server: their tokens carry the old version. */
export async function revokeSessions(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

export async function sessionVersionOf(db: DbOrTx, userId: string): Promise<number | null> {
  const [row] = await db.select({ version: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row?.version ?? null;
}

/** What a live stream was opened with: it may go on only while all of it still holds. */
export type StreamGrant = { userId: string; tenantId: string; role: Role; sessionVersion: number };

export async function grantStillHolds(db: DbOrTx, grant: StreamGrant): Promise<boolean> {
  const [row] = await db
    .select({ role: memberships.role, version: users.sessionVersion, suspendedAt: tenants.suspendedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, grant.userId), eq(memberships.tenantId, grant.tenantId)));
  return row?.role === grant.role && row.version === grant.sessionVersion && row.suspendedAt === null;
}

/** How often an open stream checks that its reader still has the access it was opened with. */
export const STREAM_RECHECK_MS = 3_000;

/**
 * A signal for a live stream that aborts when the request does, or as soon as the reader's access
 * changes: removed from the tenant, another role, signed out. A demoted viewer never receives
 * what only an operator may read.
 */
export function streamSignal(db: DbOrTx, grant: StreamGrant, request: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const stop = () => {
    clearInterval(timer);
    controller.abort();
  };
  const timer = setInterval(() => {
    grantStillHolds(db, grant).then(
      (holds) => holds || stop(),
      () => {},
    );
  }, STREAM_RECHECK_MS);
  if (request.aborted) stop();
  request.addEventListener("abort", stop, { once: true });
  return controller.signal;
}
