import { getDb } from "@/db/client";
import { agentFileResponse } from "@/lib/agents/agent-file";
import { findAgent } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { currentSession } from "@/lib/sign-in/session";

export const dynamic = "force-dynamic";

/** The agent page's Export: the signed-in member's download of the agent as a file. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to export this agent."));
  const { actor } = session;
  if (!can(actor, "agents:read"))
    return errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read agents.`));
  const agent = await findAgent(getDb(), actor, (await context.params).id);
  if (!agent) return errorResponse(new AppError("not_found", "No agent with that id in this tenant."));
  return agentFileResponse(agent, new URL(request.url).searchParams.get("format"));
}
