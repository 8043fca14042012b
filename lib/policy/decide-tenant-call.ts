import { CedarRestartedError, isCedarFault, PolicyUnavailableError, restartCedar } from "./cedar-engine";
import { type CallToDecide, decideCall, type RecordedDecision } from "./decide-call";
import { policyCache } from "./store";

/**
 * Decides a call with the tenant's active policy. If Cedar faults, it is restarted, the policy
 * compiled again and the decision retried once; if that fails too, no decision is made
 * (PolicyUnavailableError) — never a silent allow. `version` pins a saved version instead (a replay's).
 */
export async function decideTenantCall(call: CallToDecide, version?: number): Promise<RecordedDecision> {
  const cache = policyCache(call.db);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const policy =
        version === undefined
          ? await cache.active(call.tenantId)
          : await cache.version(call.tenantId, version);
      return await decideCall(policy, call);
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
