import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { asSchema } from "ai";
import { z } from "zod";
import { COMPLETION_TOOL } from "@/lib/models/completion-tool-name";

/**
 * The typed completion: the agent ends its run by calling this engine tool with its answer and the
 * effects it claims, each pointing at the tool call (and so the receipt) that made it. The engine
 * checks every claim against the run's receipts; it is never executed and never decided by policy.
 */
export { COMPLETION_TOOL };

const factValue = z.union([z.string().max(1000), z.number(), z.boolean()]);

const claimSchema = z.object({
  tool_call_id: z.string().min(1).max(200),
  tool: z.string().min(1).max(100),
  facts: z
    .record(z.string().max(100), factValue)
    .refine((facts) => Object.keys(facts).length <= 20, "at most 20 facts a claim")
    .optional(),
});

const completionSchema = z.object({
  answer: z.string().trim().min(1).max(20_000),
  claims: z.array(claimSchema).max(50).default([]),
});

export type Claim = z.infer<typeof claimSchema>;
export type Completion = { ok: true; answer: string; claims: Claim[] } | { ok: false; error: string };

let schema: LanguageModelV4FunctionTool | undefined;

/** What the model sees of finish_run, converted once per process as the agent's tools are. */
export async function completionTool(): Promise<LanguageModelV4FunctionTool> {
  schema ??= {
    type: "function",
    name: COMPLETION_TOOL,
    description: DESCRIPTION,
    inputSchema: await asSchema(completionSchema).jsonSchema,
  };
  return schema;
}

const DESCRIPTION =
  "Finish the run. Give your final answer, and claim every effect the answer reports (a refund made, " +
  "an email sent, a record changed): for each, the tool_call_id of the call that made it, the tool's " +
  "name and the facts its result or arguments show (ids, amounts, statuses). Claims are checked " +
  "against the run's receipts; claim nothing a tool result does not prove. Call it once your other " +
  "calls have their results.";

export function parseCompletion(input: unknown): Completion {
  const parsed = completionSchema.safeParse(input);
  if (parsed.success) return { ok: true, ...parsed.data };
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`);
  return { ok: false, error: `The completion is malformed: ${problems.join("; ")}.` };
}

/** A tool call of this run that left a receipt: what a claim may point at. */
export type Claimable = { toolName: string; args: unknown; result: unknown };

/**
 * Why each claim is not proven, e.g. `issue_refund call c7: amount_usd is 20, not 120`. A claim is
 * proven by a receipt of this run from the call it names, of the tool it names, not undone, whose
 * arguments or result hold every fact it states.
 */
export function disprovenClaims(
  claims: Claim[],
  claimable: ReadonlyMap<string, Claimable>,
  undoneCalls: ReadonlySet<string>,
): string[] {
  return claims.flatMap((claim) => {
    const label = `${claim.tool} call ${claim.tool_call_id}`;
    const made = claimable.get(claim.tool_call_id);
    if (!made) return [`${label}: no receipt of this run comes from that call`];
    if (made.toolName !== claim.tool) return [`${label}: that call was ${made.toolName}`];
    if (undoneCalls.has(claim.tool_call_id)) return [`${label}: its effect was undone`];
    return Object.entries(claim.facts ?? {}).flatMap(([key, value]) => {
      const shown = [field(made.result, key), field(made.args, key)].filter((v) => v !== undefined);
      if (shown.length === 0) return [`${label}: shows no ${key}`];
      return shown.some((v) => sameFact(v, value))
        ? []
        : [`${label}: ${key} is ${show(shown[0])}, not ${show(value)}`];
    });
  });
}

function field(source: unknown, key: string): unknown {
  if (!source || typeof source !== "object" || Array.isArray(source)) return undefined;
  return Object.hasOwn(source, key) ? (source as Record<string, unknown>)[key] : undefined;
}

/** Numbers compare as amounts ("18.50" and 18.5 agree, to the cent); text ignoring case and edges. */
function sameFact(shown: unknown, claimed: string | number | boolean): boolean {
  const a = asNumber(shown);
  const b = asNumber(claimed);
  if (a !== null && b !== null) return Math.abs(a - b) < 0.005;
  if (typeof shown === "boolean" || typeof claimed === "boolean") return shown === claimed;
  return typeof shown === "string" && shown.trim().toLowerCase() === String(claimed).trim().toLowerCase();
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return null;
  return Number(value);
}

function show(value: unknown): string {
  const text = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
