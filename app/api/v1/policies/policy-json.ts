import type { PolicyVersionView } from "@/lib/policy/policy-versions";
import type { TestCallResult } from "@/lib/policy/test-call";

/** The API's view of a policy version: snake_case like the runs API. */
export const toPolicyVersionJson = (v: PolicyVersionView) => ({
  version: v.version,
  text: v.text,
  comment: v.comment,
  created_by: v.createdBy,
  created_at: v.createdAt,
});

export const toDecisionJson = (d: TestCallResult) => ({
  effect: d.effect,
  message: d.message,
  version: d.version,
  policy_ids: d.policyIds,
  expires_minutes: d.expiresMinutes,
  statements: d.statements,
  resource: d.resource,
  context: d.context,
});
