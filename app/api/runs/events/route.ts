import { getDb } from "@/db/client";
import { streamSignal } from "@/lib/auth/session-version";
import { tenantRunEvents } from "@/lib/runs/live";
import { streamGrant } from "@/lib/sign-in/session";
import { sessionRoute } from "@/lib/sign-in/session-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The browser's tenant-wide feed of committed steps, so the runs list can refresh itself. */
export async function GET(request: Request): Promise<Response> {
  const found = await sessionRoute("runs:read", "follow runs");
  if ("error" in found) return found.error;
  const { session } = found;
  return tenantRunEvents(session.actor, streamSignal(getDb(), streamGrant(session), request.signal));
}
