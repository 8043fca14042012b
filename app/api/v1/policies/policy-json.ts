import { z } from "zod";
import { data, timestamp } from "@/lib/http/json-shapes";
import type { PolicyVersionView } from "@/lib/policy/policy-versions";
import type { TestCallResult } from "@/lib/policy/test-call";

export const policyVersionJson = z.object({
  version: z.number(),
  text: z.string(),
  comment: z.string(),
  created_by: z.string(),
  /** Null for version 0, the built-in default. */
  created_at: timestamp.nullable(),
});

/** The API's view of a policy version: snake_case like the runs API. */
export const toPolicyVersionJson = (v: PolicyVersionView): z.input<typeof policyVersionJson> => ({
  version: v.version,
  text: v.text,
  comment: v.comment,
  created_by: v.createdBy,
  created_at: v.createdAt,
});

export const decisionJson = z.object({
  effect: z.string(),
  message: z.string(),
  version: z.number(),
  policy_ids: z.array(z.string()),
  expires_minutes: z.number().nullable(),
  statements: z.array(z.object({ id: z.string(), text: z.string() })),
  resource: z.string(),
  /** What Cedar evaluated, named as policies name it. */
  context: data,
});

export const toDecisionJson = (d: TestCallResult): z.input<typeof decisionJson> => ({
  effect: d.effect,
  message: d.message,
  version: d.version,
  policy_ids: d.policyIds,
  expires_minutes: d.expiresMinutes,
  statements: d.statements,
  resource: d.resource,
  context: d.context,
});
