import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Run, runSteps } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import { type WorkflowGraph, workflowGraph } from "@/lib/workflows/graph-view";
import { workflowNamed } from "@/lib/workflows/registry";

/** The graph of the workflow a run follows, each node with its state in the run; null for an agent run. */
export async function runWorkflowGraph(
  db: Db,
  actor: Actor,
  run: Pick<Run, "id" | "tenantId" | "agentSnapshotHash" | "input" | "status" | "source">,
): Promise<WorkflowGraph | null> {
  assertScope(actor, "runs:read");
  if (run.source !== "engine" || run.tenantId !== actor.tenantId) return null;
  const snapshot = await agentSnapshotOf(db, actor.tenantId, run.agentSnapshotHash);
  const definition = snapshot.workflow ? workflowNamed(snapshot.workflow) : undefined;
  if (!definition) return null;
  const steps = await db
    .select({ seq: runSteps.seq, kind: runSteps.kind, payload: runSteps.payload })
    .from(runSteps)
    .where(eq(runSteps.runId, run.id))
    .orderBy(asc(runSteps.seq));
  return workflowGraph(definition, run, steps);
}
