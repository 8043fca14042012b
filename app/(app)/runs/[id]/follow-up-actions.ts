"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionResult, runAction } from "@/lib/http/server-action";
import { promoteRun } from "@/lib/runs/promote-run";
import { setRunOutcome } from "@/lib/runs/run-outcome";
import { requireActor } from "@/lib/sign-in/session";

/** Starts the live run that executes a dry run's actions; the page then links to it. */
export async function promoteRunAction(runId: string): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const live = await promoteRun(getDb(), await requireActor("runs:start"), runId);
    return { id: live.id };
  });
}

const outcomeArgs = z.object({ runId: z.string(), outcome: z.string(), note: z.string().default("") });

export async function setRunOutcomeAction(
  runId: string,
  outcome: string,
  note: string,
): Promise<ActionResult<{ value: string; note: string | null; by: string | null; at: string | null }>> {
  return runAction(async () => {
    const actor = await requireActor("approvals:decide");
    const args = outcomeArgs.parse({ runId, outcome, note });
    // setRunOutcome validates the outcome and the note with zod and checks the tenant again.
    const row = await setRunOutcome(getDb(), actor, args.runId, {
      outcome: args.outcome as "accepted",
      note: args.note.trim() || undefined,
    });
    revalidatePath(`/runs/${args.runId}`);
    return {
      value: row.outcome ?? outcome,
      note: args.note.trim() || null,
      by: row.outcomeBy,
      at: row.outcomeAt?.toISOString() ?? null,
    };
  });
}
