import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tenants } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { ChildRunRequest, StartChildRun } from "@/lib/runtime/delegation";
import { startRun } from "./start-run";

/**
 * Starts a delegate call's child run as any run starts: the tenant's kill switches, its budget and
 * the agent's settings apply, and only the limits the parent's remaining budget tightens are set.
 */
export const childRunStarter =
  (db: Db): StartChildRun =>
  async (request, onCreated) =>
    startRun(
      db,
      parentRunActor(request, await tenantName(db, request.tenantId)),
      {
        agent: request.agentName,
        input: request.goal,
        dryRun: request.dryRun || undefined,
        limits: Object.keys(request.limits).length > 0 ? request.limits : undefined,
      },
      { onCreated },
    );

/** The parent run, acting in its tenant: it may start runs, and only tightens their limits. */
function parentRunActor(request: ChildRunRequest, tenantName: string): Actor {
  return {
    kind: "system",
    id: request.parentRunId,
    label: `run ${request.parentRunId.slice(0, 8)}`,
    tenantId: request.tenantId,
    tenantName,
    role: "operator",
  };
}

async function tenantName(db: Db, tenantId: string): Promise<string> {
  const [tenant] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.name ?? "this tenant";
}
