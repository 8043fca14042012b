import type { Db } from "@/db/client";
import type { Run } from "@/db/schema";
import { unprovenClaims } from "@/lib/receipts/outcome-check";
import { undoneCallsOf } from "@/lib/receipts/undone-calls";
import { type Completion, disprovenClaims } from "./completion";
import type { RunEnding } from "./persist-step";
import type { RunState } from "./run-state";

export type Finish = {
  answer: string;
  completion: Completion | null;
  state: RunState;
  requiredEvidence?: string[];
};

/**
 * A final answer counts as success only if the run holds a receipt of every tool its agent requires
 * as evidence and its effects are proven: a typed completion's claims by the receipts they point at
 * (and its text claims nothing it does not claim in type), a plain answer's text by the run's receipts.
 */
export async function finalEnding(
  db: Db,
  run: Pick<Run, "id" | "tenantId">,
  finish: Finish,
): Promise<RunEnding> {
  const { answer, completion, state, requiredEvidence = [] } = finish;
  const missing = requiredEvidence.filter((tool) => !state.receiptTools.has(tool));
  const unverified = (error: string): RunEnding => ({
    status: "unverified",
    stopReason: "completed",
    output: answer,
    error,
  });
  if (completion && !completion.ok) return unverified(completion.error);
  let unproven: string[];
  let disproven: string[] = [];
  if (completion) {
    const undone =
      completion.claims.length > 0 ? await undoneCallsOf(db, run.tenantId, run.id) : new Set<string>();
    const failures = completion.claims.map((claim) => disprovenClaims([claim], state.claimable, undone));
    disproven = failures.flat();
    const provenTools = new Set(
      completion.claims.filter((_, i) => failures[i]?.length === 0).map((c) => c.tool),
    );
    unproven = unprovenClaims(answer, provenTools, "claim");
  } else {
    unproven = unprovenClaims(answer, state.receiptTools);
  }
  const problems = [
    missing.length > 0 ? `Success needs a receipt of ${missing.join(" and ")}: this run has none.` : "",
    disproven.length > 0 ? `Claims not proven: ${disproven.join("; ")}.` : "",
    unproven.length > 0
      ? `${missing.length > 0 ? "The answer also claims" : "The answer claims"} ${unproven.join(" and ")}: nothing in the run proves it.`
      : "",
  ].filter(Boolean);
  if (problems.length === 0) return { status: "succeeded", stopReason: "completed", output: answer };
  return unverified(problems.join(" "));
}
