import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { demoOutbox, demoRefunds, demoTickets, type Run, runSteps, type ToolStepPayload } from "@/db/schema";
import type { Observation } from "./observation";

/** What the case's run did and what the scratch shop looks like after it. */
export async function observeRun(db: Db, run: Run): Promise<Observation> {
  const tenant = run.tenantId;
  const [steps, tickets, refunds, emails] = await Promise.all([
    db
      .select({ payload: runSteps.payload })
      .from(runSteps)
      .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "tool")))
      .orderBy(asc(runSteps.seq)),
    db
      .select({ id: demoTickets.id, status: demoTickets.status })
      .from(demoTickets)
      .where(eq(demoTickets.tenantId, tenant)),
    db
      .select({ orderId: demoRefunds.orderId, amountUsd: demoRefunds.amountUsd })
      .from(demoRefunds)
      .where(eq(demoRefunds.tenantId, tenant)),
    db
      .select({ to: demoOutbox.to, status: demoOutbox.status })
      .from(demoOutbox)
      .where(eq(demoOutbox.tenantId, tenant)),
  ]);
  return {
    status: run.status,
    stopReason: run.stopReason,
    steps: run.lastSeq,
    costUsd: run.costUsd,
    refusedCalls: run.securityAttempts + run.invalidCalls,
    calls: steps.map(({ payload }) => {
      const call = payload as ToolStepPayload;
      return {
        tool: call.toolName,
        args: (call.args ?? {}) as Record<string, unknown>,
        status: call.status,
        receipt: call.status === "ok" && call.receipt !== null && !call.preview,
      };
    }),
    shop: { tickets, refunds, emails },
  };
}
