import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { runSteps, TERMINAL_STATUSES } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { systemPromptOf } from "@/lib/playbooks/system-prompt";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import type { Completion } from "@/lib/runtime/completion";
import { finalEnding } from "@/lib/runtime/final-ending";
import { RunState } from "@/lib/runtime/run-state";
import { endGateRun, withGateRun } from "./gate-step";
import type { gateFinishSchema } from "./schemas";

/**
 * The agent ends its run: with its answer and the effects it claims, each pointing at a call whose
 * receipt must prove it (checked as Flightdeck's own typed completions are), or with its error.
 */
export async function finishGateRun(
  db: Db,
  actor: Actor,
  runId: string,
  input: z.output<typeof gateFinishSchema>,
): Promise<{ status: string; stop_reason: string | null; error: string | null }> {
  assertScope(actor, "runs:start");
  return withGateRun(db, actor.tenantId, runId, async (tx, run, work) => {
    if ((TERMINAL_STATUSES as readonly string[]).includes(run.status))
      throw new AppError("conflict", `The run has already ended (${run.status}).`, {
        details: { status: run.status, stop_reason: run.stopReason },
      });
    if (input.error !== undefined) {
      await endGateRun(tx, run, { status: "failed", stopReason: "reported_error", error: input.error }, work);
    } else {
      const agent = await agentSnapshotOf(tx, run.tenantId, run.agentSnapshotHash);
      const steps = await tx
        .select()
        .from(runSteps)
        .where(eq(runSteps.runId, run.id))
        .orderBy(asc(runSteps.seq));
      const state = RunState.fromSteps(systemPromptOf(agent), run.input, steps);
      const answer = input.answer ?? "";
      // Each claim names the call; the call names its tool.
      const claims = (input.claims ?? []).map((claim) => ({
        tool_call_id: claim.call_id,
        tool: state.claimable.get(claim.call_id)?.toolName ?? "(no such call)",
        facts: claim.facts,
      }));
      const completion: Completion = { ok: true, answer, claims };
      const ending = await finalEnding(db, run, {
        answer,
        completion,
        state,
        requiredEvidence: agent.requiredEvidence,
      });
      await endGateRun(tx, run, ending, work);
    }
    return { status: run.status, stop_reason: run.stopReason, error: run.error };
  });
}
