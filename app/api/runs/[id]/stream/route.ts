import { z } from "zod";
import { streamSignal } from "@/lib/auth/session-version";
import { runEventStream } from "@/lib/runs/live";
import { withSessionRun } from "@/lib/runs/run-route";
import { streamGrant } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const seqSchema = z.coerce.number().int().min(0).max(2_147_483_647).catch(0);

/** The browser's live feed of one run, resuming after `?after=` or, on reconnect, after `Last-Event-ID`. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return withSessionRun((await context.params).id, async ({ session, actor, db, run }) => {
    const after = Math.max(
      seqSchema.parse(new URL(request.url).searchParams.get("after") ?? 0),
      seqSchema.parse(request.headers.get("last-event-id") ?? 0),
    );
    return runEventStream(db, actor, run.id, after, streamSignal(db, streamGrant(session), request.signal));
  });
}
