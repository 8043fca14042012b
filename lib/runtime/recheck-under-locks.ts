import type { DbOrTx } from "@/db/client";
import { CedarRestartedError, isCedarFault, restartCedar } from "@/lib/policy/cedar-engine";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { type CallToDecide, decideCall } from "@/lib/policy/decide-call";
import { ToolInputError } from "@/lib/tools/types";

/**
 * The decision made before a write, made again in its transaction once the tool has locked what it
 * changes: a forbid that another run's write now triggers (a second refund of one order) stops this
 * one. Approvals are not asked again: a person, or the first decision, settled those.
 *
 * The policy is the one compiled before the transaction began: inside it nothing may wait for another
 * pooled connection (writes holding every connection would then wait on each other). Facts are read
 * through the transaction. A Cedar fault here refuses the call (nothing is done) rather than retrying.
 */
export async function recheckUnderLocks(
  tx: DbOrTx,
  policy: CompiledPolicy,
  call: CallToDecide,
): Promise<void> {
  let decision: Awaited<ReturnType<typeof decideCall>>;
  try {
    decision = await decideCall(policy, { ...call, factsDb: tx });
  } catch (error) {
    if (!(error instanceof CedarRestartedError) && !isCedarFault(error)) throw error;
    if (isCedarFault(error)) restartCedar();
    throw new ToolInputError(
      "The policy engine could not decide this call again before it acted, so nothing was done: try the call again.",
    );
  }
  if (decision.effect === "deny")
    throw new ToolInputError(
      `Policy denies this call now (${decision.policyIds.join(", ")}): ${decision.message} Another run changed what it was decided on, so nothing was done.`,
    );
}
