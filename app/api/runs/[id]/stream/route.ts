import { z } from "zod";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { streamSignal } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { findRun, runEventStream } from "@/lib/runs/live";
import { currentSession, streamGrant } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const seqSchema = z.coerce.number().int().min(0).max(2_147_483_647).catch(0);

/** The browser's live feed of one run, resuming after `?after=` or, on reconnect, after `Last-Event-ID`. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to follow this run."));
  const { actor } = session;
  if (!can(actor, "runs:read")) {
    return errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read runs.`));
  }
  const { id } = await context.params;
  const db = getDb();
  if (!(await findRun(db, actor, id))) {
    return errorResponse(new AppError("not_found", "No run with that id in this tenant."));
  }
  const lastEventId = request.headers.get("last-event-id");
  const after = Math.max(
    seqSchema.parse(new URL(request.url).searchParams.get("after") ?? 0),
    seqSchema.parse(lastEventId ?? 0),
  );
  return runEventStream(db, actor, id, after, streamSignal(db, streamGrant(session), request.signal));
}
