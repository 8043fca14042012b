import { z } from "zod";
import { data } from "@/lib/http/json-shapes";

/** What the gate answers about a call (lib/gate/schemas.ts, GateDecision). */
export const gateDecisionJson = z.object({
  decision: z.enum(["allow", "deny", "pending", "paused", "killed", "budget_exhausted"]),
  call_id: z.string().optional(),
  idempotency_key: z.string().optional(),
  message: z.string().optional(),
  approval_id: z.string().optional(),
  args: data.optional(),
  retry_after: z.number().optional(),
});

export const gateRunOpenedJson = z.object({ id: z.string(), status: z.string(), trace_id: z.string() });

export const gateResultJson = z.object({ call_id: z.string(), seq: z.number(), receipt: z.boolean() });

export const gateUsageJson = z.object({ seq: z.number(), cost_usd: z.number().nullable() });

export const gateFinishedJson = z.object({
  status: z.string(),
  stop_reason: z.string().nullable(),
  error: z.string().nullable(),
});
