import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Agent, agents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { MAX_COST_USD, MAX_TOKENS, MAX_TOOL_CALLS } from "@/lib/budgets/run-limits";
import { AppError, isAppError } from "@/lib/errors";
import { parseModelName } from "@/lib/models/model-name";
import { demoTools, getTool } from "@/lib/tools/registry";
import { EDITABLE_AGENT_FIELDS } from "./editable-fields";
import { parseAgentId } from "./queries";

const wholeNumber = (label: string, min: number, max: number) => {
  const range = `${label} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`;
  return z.number({ error: range }).int(range).min(min, range).max(max, range);
};

const modelName = z
  .string()
  .trim()
  .min(1, "Name the model as provider:model, e.g. sim:default.")
  .max(200)
  .transform((name, ctx) => {
    try {
      return parseModelName(name).full;
    } catch (error) {
      if (!isAppError(error)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  });

const toolNames = z
  .array(z.string().trim())
  .min(1, "Give the agent at least one tool.")
  .superRefine((names, ctx) => {
    const unknown = names.filter((name) => !getTool(name));
    if (unknown.length > 0) {
      const known = demoTools.map((tool) => tool.name).join(", ");
      ctx.addIssue({ code: "custom", message: `Unknown tool ${quoted(unknown)}: choose from ${known}.` });
    }
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length > 0)
      ctx.addIssue({ code: "custom", message: `${quoted(twice)} listed more than once.` });
  });

const quoted = (names: string[]) => [...new Set(names)].map((n) => `"${n}"`).join(", ");

/** A partial update: fields left out keep their value. `expectedVersion` is the version the caller edited. */
export const updateAgentSchema = z.object({
  expectedVersion: z.number({ error: "Send the version you edited as expectedVersion." }).int().min(1),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").optional(),
  model: modelName.optional(),
  /** null removes the fallback. */
  fallbackModel: modelName.nullable().optional(),
  instructions: z
    .string()
    // Browsers submit textarea line breaks as CRLF: without this every save would "change" them.
    .transform((text) => text.replace(/\r\n?/g, "\n"))
    .pipe(
      z
        .string()
        .refine((text) => text.trim().length > 0, "Write the agent's instructions.")
        .refine((text) => text.length <= 20_000, "Keep the instructions under 20,000 characters."),
    )
    .optional(),
  tools: toolNames.optional(),
  /** Tools of which a succeeding run must hold a receipt; a subset of the agent's tools. */
  requiredEvidence: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  /** After a person rejects a parked call: the model reads the rejection, or the run ends. */
  /** Dry run: write tools only preview. Switching to live is the admin's explicit, audited call. */
  dryRun: z.boolean({ error: "dryRun must be true or false." }).optional(),
  onReject: z.enum(["continue", "end"], { error: 'onReject must be "continue" or "end".' }).optional(),
  maxSteps: wholeNumber("Max steps", 1, 1000).optional(),
  maxSeconds: wholeNumber("Max seconds", 5, 86_400).optional(),
  // Budgets: null removes the limit.
  maxToolCalls: MAX_TOOL_CALLS.nullable().optional(),
  maxTokens: MAX_TOKENS.nullable().optional(),
  maxCostUsd: MAX_COST_USD.nullable().optional(),
});
export type UpdateAgentInput = z.input<typeof updateAgentSchema>;

const EDITABLE = EDITABLE_AGENT_FIELDS;
type Editable = (typeof EDITABLE)[number];
type Changes = Partial<Pick<Agent, Editable>>;

export type UpdateAgentResult = { agent: Agent; changed: Editable[] };

/**
 * Changes an agent's definition if nobody changed it since the caller read `expectedVersion`;
 * bumps the version and records what changed, from and to. Saving without a change is a no-op.
 */
export async function updateAgent(
  db: Db,
  actor: Actor,
  agentId: string,
  input: UpdateAgentInput,
): Promise<UpdateAgentResult> {
  assertScope(actor, "agents:write");
  const id = parseAgentId(agentId);
  const { expectedVersion, ...next } = updateAgentSchema.parse(input);
  return db.transaction(async (tx) => {
    const where = and(eq(agents.id, id), eq(agents.tenantId, actor.tenantId));
    const [current] = await tx.select().from(agents).where(where).for("update");
    if (!current) throw new AppError("not_found", "No agent with that id in this tenant.");
    if (current.version !== expectedVersion) {
      throw new AppError(
        "conflict",
        `This agent was changed by someone else meanwhile: reload to see version ${current.version}.`,
        { field: "expectedVersion" },
      );
    }
    const tools = next.tools ?? current.tools;
    const required = next.requiredEvidence ?? current.requiredEvidence;
    const outside = required.filter((name) => !tools.includes(name));
    if (outside.length > 0)
      throw new AppError(
        "invalid_input",
        `Success cannot require ${outside.join(", ")}: the agent does not have ${outside.length > 1 ? "these tools" : "this tool"}. Give it the tool, or stop requiring it.`,
        { field: "requiredEvidence" },
      );
    const changes = diff(current, next);
    const changed = Object.keys(changes) as Editable[];
    if (changed.length === 0) return { agent: current, changed };
    const [agent] = await tx
      .update(agents)
      .set({ ...changes, version: current.version + 1, updatedAt: new Date() })
      .where(where)
      .returning();
    if (!agent) throw new AppError("internal", "The agent could not be updated.");
    await recordAudit(tx, actor, {
      action: "agent.updated",
      targetType: "agent",
      targetId: id,
      details: { agent: agent.name, version: agent.version, changes: auditChanges(current, changes) },
    });
    return { agent, changed };
  });
}

function diff(current: Agent, next: Changes): Changes {
  const changes: Changes = {};
  for (const key of EDITABLE) {
    const value = next[key];
    if (value === undefined) continue;
    const same =
      key === "tools" || key === "requiredEvidence"
        ? sameSet(current[key], value as string[])
        : (current[key] as unknown) === (value as unknown);
    if (!same) Object.assign(changes, { [key]: value });
  }
  return changes;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((name) => b.includes(name));

// Instructions can be 20,000 characters: the audit log keeps their lengths, not two copies.
function auditChanges(current: Agent, changes: Changes): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes).map(([key, to]) =>
      key === "instructions"
        ? [key, { fromLength: current.instructions.length, toLength: (to as string).length }]
        : [key, { from: current[key as Editable], to }],
    ),
  );
}
