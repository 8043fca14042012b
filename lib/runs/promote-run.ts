import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { isUniqueViolation } from "@/db/connection-errors";
import { runs } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { startRun } from "./start-run";

/**
 * "Execute these actions for real": a finished dry run becomes a live run that replays its
 * model's decisions (the same tool calls, in the same order) with real effects. Every call still
 * passes policy and, where policy asks, waits for a person.
 */
export async function promoteRun(db: Db, actor: Actor, runId: string) {
  assertScope(actor, "runs:start");
  if (!z.uuid().safeParse(runId).success) throw new AppError("not_found", "There is no such run.");
  const [run] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.tenantId, actor.tenantId)));
  if (!run) throw new AppError("not_found", "There is no such run.");
  if (!run.dryRun) throw new AppError("conflict", "Only a dry run can be promoted: this run was live.");
  // A replay is an experiment on another run (recorded results, inherited steps): start a run to act.
  if (run.replayOf)
    throw new AppError("conflict", "A replay is not promoted: start a run of the agent to act for real.");
  if (run.status !== "succeeded" && run.status !== "unverified")
    throw new AppError("conflict", `Only a finished dry run can be promoted; this one is ${run.status}.`);
  const [already] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.tenantId, actor.tenantId), eq(runs.promotedFrom, run.id)))
    .limit(1);
  if (already) throw new AppError("conflict", `This dry run was already promoted: run ${already.id}.`);
  try {
    return await startRun(
      db,
      actor,
      { agent: run.agentName, input: run.input, model: run.model, dryRun: false },
      {
        promotedFrom: run.id,
        onCreated: (tx, live) =>
          recordAudit(tx, actor, {
            action: "run.promoted",
            targetType: "run",
            targetId: live.id,
            details: { dry_run: run.id },
          }),
      },
    );
  } catch (error) {
    // Another promotion of the same dry run committed first: the unique index refused this one.
    if (isUniqueViolation(error, "runs_promoted_from_idx")) {
      const [first] = await db
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.tenantId, actor.tenantId), eq(runs.promotedFrom, run.id)));
      throw new AppError("conflict", `This dry run was already promoted: run ${first?.id ?? "(another)"}.`);
    }
    throw error;
  }
}
