import type { AuthorizationAnswer } from "@cedar-policy/cedar-wasm/nodejs";
import { CedarRestartedError, cedar, cedarGeneration } from "./cedar-engine";
import type { CompiledPolicy } from "./compile";

export type PolicyEffect = "allow" | "deny" | "approval";

/** The Cedar request for one tool call: who, which tool, on what, with which context. */
export type PolicyRequest = {
  agent: string;
  tool: string;
  resource: { type: string; id: string };
  context: Record<string, unknown>;
};

export type PolicyDecision = {
  effect: PolicyEffect;
  /** The statements that determined the outcome; empty when nothing permitted the call. */
  policyIds: string[];
  version: number;
  /** Why, in a sentence a model and an operator can read. */
  message: string;
  /** For approvals: the shortest expiry any asking statement set, if any did. */
  expiresMinutes: number | null;
};

/**
 * Decides one call with pre-parsed policy sets. Allowed by every statement → allow. Denied only
 * by `@approval` forbids (the call passes every other statement) → approval. Anything else →
 * deny. A statement that errors while evaluating denies: a broken guard must not open the door.
 */
export function evaluatePolicy(policy: CompiledPolicy, request: PolicyRequest): PolicyDecision {
  if (policy.generation !== cedarGeneration()) throw new CedarRestartedError();
  const slice = policy.slices.get(request.tool) ?? policy.otherActions;
  const base = { version: policy.version, expiresMinutes: null };
  if (slice.allowedBy)
    return { ...base, effect: "allow", policyIds: slice.allowedBy, message: "Allowed by policy." };
  const full = authorize(slice.full, request);
  if (full.errors.length > 0) return errored(full.errors, base);
  if (full.decision === "allow")
    return { ...base, effect: "allow", policyIds: full.reasons, message: "Allowed by policy." };
  const asking = full.reasons.filter((id) => policy.statements.get(id)?.approval);
  if (asking.length > 0 && asking.length === full.reasons.length) {
    const hard = authorize(slice.hard, request);
    if (hard.errors.length > 0) return errored(hard.errors, base);
    if (hard.decision === "allow") {
      const statements = asking.map((id) => policy.statements.get(id));
      const expiries = statements.flatMap((s) => (s?.expiresMinutes == null ? [] : [s.expiresMinutes]));
      return {
        ...base,
        effect: "approval",
        policyIds: asking,
        expiresMinutes: expiries.length > 0 ? Math.min(...expiries) : null,
        message: `Needs a person's approval: ${statements.map((s) => s?.approval).join("; ")}.`,
      };
    }
    return denied(hard.reasons, base);
  }
  return denied(
    full.reasons.filter((id) => !policy.statements.get(id)?.approval),
    base,
  );
}

function denied(ids: string[], base: Pick<PolicyDecision, "version" | "expiresMinutes">): PolicyDecision {
  const message =
    ids.length > 0
      ? `Denied by policy ${ids.map((id) => `"${id}"`).join(", ")}.`
      : "Denied: no policy permits this call.";
  return { ...base, effect: "deny", policyIds: ids, message };
}

function errored(errors: string[], base: Pick<PolicyDecision, "version" | "expiresMinutes">): PolicyDecision {
  return {
    ...base,
    effect: "deny",
    policyIds: [],
    message: `Denied: a policy could not be evaluated (${errors.join("; ")}).`,
  };
}

function authorize(setId: string, request: PolicyRequest) {
  const answer: AuthorizationAnswer = cedar().statefulIsAuthorized({
    principal: { type: "Agent", id: request.agent },
    action: { type: "Action", id: request.tool },
    resource: request.resource,
    context: request.context as never,
    entities: [],
    // Requests are built from the same schema the policies were validated against at save time;
    // a request that still does not fit makes a statement error, and an error denies.
    preparsedPolicySetId: setId,
  });
  if (answer.type !== "success")
    return { decision: "deny" as const, reasons: [], errors: answer.errors.map((e) => e.message) };
  const { decision, diagnostics } = answer.response;
  return {
    decision,
    reasons: diagnostics.reason,
    errors: diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`),
  };
}
