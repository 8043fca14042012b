import { getDb } from "@/db/client";
import { approvalEventStream } from "@/lib/approvals/live";
import { streamSignal } from "@/lib/auth/session-version";
import { streamGrant } from "@/lib/sign-in/session";
import { sessionRoute } from "@/lib/sign-in/session-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The browser's feed of the tenant's approval requests: the inbox refetches, the sidebar badge counts. */
export async function GET(request: Request): Promise<Response> {
  const found = await sessionRoute("approvals:read", "follow approvals");
  if ("error" in found) return found.error;
  const { session } = found;
  const db = getDb();
  return approvalEventStream(db, session.actor, streamSignal(db, streamGrant(session), request.signal));
}
