import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateCalls, runs } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { gateCallState } from "@/lib/gate/call-state";
import { toRunSummary } from "@/lib/runs/run-json";

type Subject = { id: string; tenantId: string; event: string; subjectId: string | null };

/**
 * The body of an event, built when it is first sent: a run's summary as the API gives it (without
 * its input and output: a receiver reads those with an API key), or a gate call's decision as the
 * agent would get it by polling. Null when what it was about no longer exists.
 */
export async function eventPayload(db: Db, delivery: Subject): Promise<Record<string, unknown> | null> {
  if (!delivery.subjectId) return null;
  const envelope = { id: delivery.id, event: delivery.event, tenant: { id: delivery.tenantId } };
  if (delivery.event === "run.ended") {
    const [run] = await db
      .select()
      .from(runs)
      .where(and(eq(runs.id, delivery.subjectId), eq(runs.tenantId, delivery.tenantId)));
    if (!run) return null;
    const { input: _input, ...summary } = toRunSummary(run);
    return { ...envelope, run: { ...summary, error: run.error } };
  }
  if (delivery.event === "gate.call.decided") {
    const [call] = await db
      .select({ runId: gateCalls.runId, toolName: gateCalls.toolName })
      .from(gateCalls)
      .where(and(eq(gateCalls.id, delivery.subjectId), eq(gateCalls.tenantId, delivery.tenantId)));
    if (!call) return null;
    const decision = await gateCallState(
      db,
      webhookActor(delivery.tenantId),
      call.runId,
      delivery.subjectId,
      0,
    ).catch((error) => {
      if (isAppError(error) && error.code === "not_found") return null;
      throw error;
    });
    if (!decision) return null;
    return { ...envelope, run_id: call.runId, tool: call.toolName, ...decision };
  }
  return null;
}

/** Flightdeck applying a person's decision to the call on the agent's behalf. */
const webhookActor = (tenantId: string): Actor => ({
  kind: "system",
  id: "webhooks",
  label: "Webhooks",
  tenantId,
  tenantName: "",
  role: "operator",
});
