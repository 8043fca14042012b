import { can } from "@/lib/auth/actor";
import type { Scope } from "@/lib/auth/scopes";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { currentSession, type SessionContext } from "./session";

/**
 * For the browser's own routes (live feeds, a run's parts): the signed-in session if its role holds
 * `scope`, otherwise the JSON error to answer (401 or 403). `doing` completes "Sign in to …" and
 * "Your role (viewer) cannot …", e.g. "read runs".
 */
export async function sessionRoute(
  scope: Scope,
  doing: string,
): Promise<{ session: SessionContext } | { error: Response }> {
  const session = await currentSession();
  if (!session) return { error: errorResponse(new AppError("unauthenticated", `Sign in to ${doing}.`)) };
  if (!can(session.actor, scope)) {
    const role = session.actor.role;
    return { error: errorResponse(new AppError("forbidden", `Your role (${role}) cannot ${doing}.`)) };
  }
  return { session };
}
