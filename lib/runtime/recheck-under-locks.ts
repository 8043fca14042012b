import type { DbOrTx } from "@/db/client";
import type { CallToDecide } from "@/lib/policy/decide-call";
import { decideTenantCall } from "@/lib/policy/decide-tenant-call";
import { ToolInputError } from "@/lib/tools/types";

/**
 * The decision made before a write, made again in its transaction once the tool has locked what it
 * changes: a forbid that another run's write now triggers (a second refund of one order) stops this
 * one. Approvals are not asked again: a person, or the first decision, settled those.
 */
export async function recheckUnderLocks(tx: DbOrTx, call: CallToDecide): Promise<void> {
  const decision = await decideTenantCall({ ...call, factsDb: tx });
  if (decision.effect === "deny")
    throw new ToolInputError(
      `Policy denies this call now (${decision.policyIds.join(", ")}): ${decision.message} Another run changed what it was decided on, so nothing was done.`,
    );
}
