import { getDb } from "@/db/client";
import { approvalEventStream } from "@/lib/approvals/live";
import { can } from "@/lib/auth/actor";
import { streamSignal } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { currentSession, streamGrant } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The browser's feed of the tenant's approval requests: the inbox refetches, the sidebar badge counts. */
export async function GET(request: Request): Promise<Response> {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to follow approvals."));
  if (!can(session.actor, "approvals:read")) {
    return errorResponse(
      new AppError("forbidden", `Your role (${session.actor.role}) cannot read approvals.`),
    );
  }
  return approvalEventStream(
    getDb(),
    session.actor,
    streamSignal(getDb(), streamGrant(session), request.signal),
  );
}
