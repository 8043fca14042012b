import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { exportSuite } from "@/lib/evals/suite-store";

const SUITE_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

import { errorResponse } from "@/lib/http/errors";
import { currentSession } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";

/** The Evals page's Download: the signed-in member's copy of the suite file. */
export async function GET(_request: Request, context: { params: Promise<{ name: string }> }) {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to download this suite."));
  const { actor } = session;
  if (!can(actor, "evals:read"))
    return errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read eval suites.`));
  const { name } = await context.params;
  // Not a name a suite can have: no query for it (a NUL byte would fail in PostgreSQL, not here).
  if (!SUITE_NAME.test(name))
    return errorResponse(new AppError("not_found", `No eval suite named "${name}" in this tenant.`));
  try {
    const suite = await exportSuite(getDb(), actor, name);
    return new Response(`${JSON.stringify(suite, null, 2)}\n`, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${suite.name}.json"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    throw error;
  }
}
