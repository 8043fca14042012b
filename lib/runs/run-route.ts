import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import type { Run } from "@/db/schema";
import { type Actor, can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { findRun } from "@/lib/runs/live";
import { currentSession } from "@/lib/sign-in/session";

/**
 * For the run page's own routes: the run with this id, if the signed-in member may read runs and
 * it is in their tenant; otherwise the JSON error to answer (401, 403 or 404).
 */
export async function sessionRun(
  id: string,
): Promise<{ actor: Actor; db: Db; run: Run } | { error: Response }> {
  const session = await currentSession();
  if (!session) return { error: errorResponse(new AppError("unauthenticated", "Sign in to read this run.")) };
  const { actor } = session;
  if (!can(actor, "runs:read"))
    return { error: errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read runs.`)) };
  const db = getDb();
  const run = await findRun(db, actor, id);
  if (!run) return { error: errorResponse(new AppError("not_found", "No run with that id in this tenant.")) };
  return { actor, db, run };
}
