import { and, eq, inArray, lte, notExists, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { approvals, type GateCall, gateCalls, type Run, runs, TERMINAL_STATUSES } from "@/db/schema";
import { fileReconcileForEndedRun } from "@/lib/runtime/park-run";
import { getTool } from "@/lib/tools/registry";
import { loadTenantTools } from "@/lib/tools/tenant-tools";

/** How long after its run ended an agent may still report a call's result before a person is asked. */
export const REPORT_GRACE_SECONDS = 120;
// Nobody may be around at night: the request waits a week, as for Flightdeck's own runs.
const RECONCILE_MINUTES = 7 * 24 * 60;
const BATCH = 100;

/**
 * Calls the gate allowed whose result never came, on runs that ended a while ago (the agent
 * crashed, or was stopped mid-effect): whether they took effect is unknown, so each is filed in the
 * inbox for a person to mark done or reject, as for Flightdeck's own runs killed mid-call. A result
 * the agent reports later is still recorded, and takes the request out of the inbox.
 */
export async function fileUnreportedGateCalls(db: Db, graceSeconds = REPORT_GRACE_SECONDS): Promise<number> {
  const unreported = await db
    .select({ call: gateCalls, run: runs })
    .from(gateCalls)
    .innerJoin(runs, eq(runs.id, gateCalls.runId))
    .where(
      and(
        eq(gateCalls.status, "allowed"),
        inArray(runs.status, [...TERMINAL_STATUSES]),
        lte(runs.endedAt, sql`now() - make_interval(secs => ${graceSeconds})`),
        notExists(
          db
            .select({ id: approvals.id })
            .from(approvals)
            .where(
              and(
                eq(approvals.runId, gateCalls.runId),
                eq(approvals.toolCallId, sql`${gateCalls.id}::text`),
                eq(approvals.kind, "reconcile"),
              ),
            ),
        ),
      ),
    )
    .limit(BATCH);
  for (const { call, run } of unreported) await fileUnreported(db, run, call);
  return unreported.length;
}

async function fileUnreported(db: Db, run: Run, call: GateCall): Promise<void> {
  await loadTenantTools(db, run.tenantId);
  const allowedAt = (call.decidedAt ?? call.createdAt).toISOString();
  await fileReconcileForEndedRun(db, {
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: run.lastSeq },
    agentName: run.agentName,
    seq: run.lastSeq + 1,
    toolCallId: call.id,
    toolName: call.toolName,
    risk: getTool(call.toolName, run.tenantId)?.risk(call.args) ?? "write",
    args: call.args,
    provenance: {},
    policyIds: call.policy?.policyIds ?? [],
    policyVersion: call.policy?.version ?? 0,
    reason: `${call.toolName} was allowed at ${allowedAt}, and the agent never reported its result before the run ended (${run.status}): whether it took effect is unknown. Mark it done if it did, reject if it did not.`,
    expiresMinutes: RECONCILE_MINUTES,
  });
}

/** The agent reported the call after all: a person no longer needs to say what it did. */
export async function withdrawUnreportedRequest(tx: Tx, call: GateCall): Promise<boolean> {
  const withdrawn = await tx
    .update(approvals)
    .set({ status: "cancelled", decidedAt: sql`now()`, comment: "The agent reported the call's result." })
    .where(
      and(
        eq(approvals.runId, call.runId),
        eq(approvals.toolCallId, call.id),
        eq(approvals.kind, "reconcile"),
        eq(approvals.status, "pending"),
      ),
    )
    .returning({ id: approvals.id });
  return withdrawn.length > 0;
}
