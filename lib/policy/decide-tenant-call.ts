import { CedarRestartedError, isCedarFault, PolicyUnavailableError, restartCedar } from "./cedar-engine";
import { type CallToDecide, decideCall, type RecordedDecision } from "./decide-call";
import { policyCache } from "./store";

/**
 * Decides a call with the tenant's active policy. If Cedar faults, it is restarted, the policy
 * compiled again and the decision retried once; if that fails too, no decision is made
 * (PolicyUnavailableError) — never a silent allow.
 */
export async function decideTenantCall(call: CallToDecide): Promise<RecordedDecision> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await decideCall(await policyCache(call.db).active(call.tenantId), call);
    } catch (error) {
      if (error instanceof CedarRestartedError) {
        lastError = error;
        continue;
      }
      if (!isCedarFault(error)) throw error;
      lastError = error;
      restartCedar();
      if (attempt >= 1) break;
    }
  }
  throw new PolicyUnavailableError(lastError);
}
