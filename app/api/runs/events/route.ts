import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { streamSignal } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { tenantRunEvents } from "@/lib/runs/live";
import { currentSession, streamGrant } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The browser's tenant-wide feed of committed steps, so the runs list can refresh itself. */
export async function GET(request: Request): Promise<Response> {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to follow runs."));
  if (!can(session.actor, "runs:read")) {
    return errorResponse(new AppError("forbidden", `Your role (${session.actor.role}) cannot read runs.`));
  }
  return tenantRunEvents(session.actor, streamSignal(getDb(), streamGrant(session), request.signal));
}
