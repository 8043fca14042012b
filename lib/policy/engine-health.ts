import { cedarGeneration, isCedarFault, restartCedar } from "./cedar-engine";
import { type CompiledPolicy, compilePolicy } from "./compile";
import { evaluatePolicy } from "./evaluate";

// Conditional, so that Cedar itself evaluates it (an unconditional permit is decided without it).
const PROBE_POLICY =
  '@id("health") permit(principal, action == Action::"get_order", resource) when { principal == Agent::"health" };';
let probe: CompiledPolicy | null = null;

/**
 * Whether the policy engine decides a known call as it should (the health check's question). A
 * faulted engine is restarted and asked once more.
 */
export function policyEngineHealthy(): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      if (!probe || probe.generation !== cedarGeneration()) {
        const compiled = compilePolicy("health", 0, PROBE_POLICY);
        if ("problems" in compiled) return false;
        probe = compiled;
      }
      const decision = evaluatePolicy(probe, {
        agent: "health",
        tool: "get_order",
        resource: { type: "Order", id: "health" },
        context: {},
      });
      return decision.effect === "allow";
    } catch (error) {
      probe = null;
      if (isCedarFault(error)) restartCedar();
    }
  }
  return false;
}
