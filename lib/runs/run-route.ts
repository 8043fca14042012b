import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import type { Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { findRun } from "@/lib/runs/live";
import type { SessionContext } from "@/lib/sign-in/session";
import { sessionRoute } from "@/lib/sign-in/session-route";

/**
 * For the run page's own routes: the run with this id, if the signed-in member may read runs and
 * it is in their tenant; otherwise the JSON error to answer (401, 403 or 404).
 */
export async function sessionRun(
  id: string,
): Promise<{ session: SessionContext; actor: Actor; db: Db; run: Run } | { error: Response }> {
  const found = await sessionRoute("runs:read", "read runs");
  if ("error" in found) return found;
  const { session } = found;
  const db = getDb();
  const run = await findRun(db, session.actor, id);
  if (!run) return { error: errorResponse(new AppError("not_found", "No run with that id in this tenant.")) };
  return { session, actor: session.actor, db, run };
}

type SessionRun = Exclude<Awaited<ReturnType<typeof sessionRun>>, { error: Response }>;

/** Answers a run page's route: `handle` runs with the readable run; an AppError it throws is the JSON answer. */
export async function withSessionRun(
  id: string,
  handle: (found: SessionRun) => Promise<Response>,
): Promise<Response> {
  const found = await sessionRun(id);
  if ("error" in found) return found.error;
  try {
    return await handle(found);
  } catch (error) {
    if (isAppError(error)) return errorResponse(error);
    throw error;
  }
}
