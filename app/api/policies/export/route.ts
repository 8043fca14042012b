import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { activePolicyVersion } from "@/lib/policy/policy-versions";
import { currentSession } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";

/** The Policies page's Export: the active policy as a .cedar file, to keep and review in git. */
export async function GET() {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to export the policy."));
  const { actor } = session;
  if (!can(actor, "policies:read"))
    return errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read policies.`));
  const active = await activePolicyVersion(getDb(), actor);
  return new Response(active.text, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="policy-v${active.version}.cedar"`,
    },
  });
}
