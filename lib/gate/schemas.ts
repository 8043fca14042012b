import { z } from "zod";
import { PROVENANCES } from "@/db/schema";
import { startRunSchema } from "@/lib/runs/start-run";

/** `POST /api/v1/gate/runs`: a governed run of one of the tenant's agents that runs elsewhere. */
export const openGateRunSchema = startRunSchema
  .pick({ agent: true, model: true, limits: true })
  .extend({
    /** The goal, as the agent was given it: what policy traces arguments back to. Optional. */
    input: z.string().trim().max(20_000, "Keep the input under 20,000 characters.").optional(),
    external_id: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** `POST …/calls`: the agent asks before it calls a tool. */
export const gateCallSchema = z
  .object({
    tool: z.string().trim().min(1, "Name the tool.").max(200),
    args: z.record(z.string(), z.unknown()).default({}),
    /** Where argument values came from, when the agent knows better than the run's record. */
    provenance: z.record(z.string(), z.enum(PROVENANCES)).optional(),
    reason: z.string().trim().max(2_000, "Keep the reason under 2,000 characters.").optional(),
  })
  .strict();

const scalar = z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]);

/** `POST …/calls/:call_id/result`: what the call did, with the agent's evidence of its effect. */
export const gateResultSchema = z
  .object({
    status: z.enum(["ok", "error"], { error: 'status is "ok" or "error".' }),
    output: z.unknown().optional(),
    /** Error text the model read, when status is "error". */
    error: z.string().max(10_000).optional(),
    /** Ids, amounts, statuses: flat values only, as the built-in tools' receipts. */
    receipt: z
      .record(z.string().max(100), scalar)
      .refine((r) => Object.keys(r).length <= 50, "A receipt has at most 50 fields.")
      .optional(),
  })
  .strict();

const tokens = z.number().int().min(0).max(100_000_000);

/** `POST …/usage`: one model call's tokens, so budgets and cost dashboards see the agent's spend. */
export const gateUsageSchema = z
  .object({
    /** The model that answered, `provider:id` as in the price table; the run's model when absent. */
    model: z.string().trim().min(1).max(200).optional(),
    input_tokens: tokens,
    output_tokens: tokens,
    cached_input_tokens: tokens.optional(),
    reasoning_tokens: tokens.optional(),
    /** The model's text, for the trace. */
    text: z.string().max(100_000).optional(),
  })
  .strict();

const claimSchema = z
  .object({
    /** The gate call (call_id) whose receipt proves the effect. */
    call_id: z.uuid("call_id is a call_id the gate returned."),
    /** What the answer says the call did: each fact must be found in the call's arguments or result. */
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

/** `POST …/finish`: the run ends with the agent's answer and the effects it claims, checked against receipts. */
export const gateFinishSchema = z
  .object({
    answer: z.string().max(100_000).optional(),
    claims: z.array(claimSchema).max(100).optional(),
    /** The agent failed: the run ends failed with this error. */
    error: z.string().trim().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((f) => f.answer !== undefined || f.error !== undefined, {
    message: "Send the answer, or the error the agent failed with.",
    path: ["answer"],
  });

/** What the gate answers a call. */
export type GateDecision = {
  decision: "allow" | "deny" | "pending" | "paused" | "killed" | "budget_exhausted";
  call_id?: string;
  /** Pass it to the tool: a retried call with the same key must not repeat the effect. */
  idempotency_key?: string;
  /** Why, in words the model can read (a denial, a rejection, a stop). */
  message?: string;
  approval_id?: string;
  /** The arguments to call the tool with: a person may have edited them. */
  args?: Record<string, unknown>;
  /** Paused or pending: ask again (or wait on the call) after this many seconds. */
  retry_after?: number;
};
