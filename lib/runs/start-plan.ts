import { z } from "zod";
import type { DbOrTx, Tx } from "@/db/client";
import type {
  Agent,
  AgentDefinition,
  AgentSnapshot,
  ModelPrice,
  PinnedPlaybook,
  Run,
  RunReplay,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { worstCase } from "@/lib/budgets/estimate";
import { type Limits, runLimits, runLimitsSchema } from "@/lib/budgets/run-limits";
import { AppError } from "@/lib/errors";
import { parseModelName } from "@/lib/models/model-name";
import { systemPromptOf } from "@/lib/playbooks/system-prompt";
import { modelTools } from "@/lib/runtime/model-tools";
import { RunState } from "@/lib/runtime/run-state";
import { loadTenantTools } from "@/lib/tools/tenant-tools";

export const startRunSchema = z.object({
  agent: z.string().trim().min(1, "Name the agent to run.").max(100),
  input: z
    .string()
    .trim()
    .min(1, "Describe the goal of the run.")
    .max(20_000, "Keep the goal under 20,000 characters."),
  model: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((m) => m || undefined),
  limits: runLimitsSchema.optional(),
  /** Preview write actions instead of making them. A dry-run agent's runs always are. */
  dryRun: z.boolean().optional(),
  /**
   * The conversation or case the run belongs to in the caller's world (a ticket, a customer):
   * runs with the same one form a session, listed together.
   */
  externalId: z
    .string()
    .trim()
    .max(200, "Keep the session key under 200 characters.")
    .optional()
    .transform((key) => key || undefined),
});

export type StartInput = z.output<typeof startRunSchema>;

export type StartOptions = {
  promotedFrom?: string;
  requestKey?: string;
  /**
   * A run of an agent that runs elsewhere and asks the gate before each tool call (lib/gate): it is
   * running from the start, and no worker ever claims it.
   */
  gate?: { externalId?: string };
  /**
   * A replay of another run (see replay-run): its parent, how it replays, and the agent definition
   * it runs with when that differs from the agent's current one (an older version, other instructions),
   * and the playbooks its parent was pinned to (a replay gets those, not today's).
   */
  replay?: {
    of: string;
    replay: RunReplay;
    version?: number;
    definition?: Partial<AgentDefinition>;
    playbooks: PinnedPlaybook[];
  };
  /** Runs in the run's own transaction, after its row is written (an audit entry that must not be lost). */
  onCreated?: (tx: Tx, run: Run) => Promise<void>;
};

/** What a start decided from the agent, the request and the model's price: the run to write. */
export type StartPlan = {
  dryRun: boolean;
  model: string;
  limits: Limits;
  firstCall: { tokens: number; usd: number | null };
  snapshot: AgentSnapshot;
};

/** The model the run uses: the request's, else the agent's. */
export const runModel = (parsed: StartInput, agent: Agent): string =>
  parseModelName(parsed.model ?? agent.model).full;

/** What a start read besides the agent: its model's price and the playbooks that apply. */
export type StartReads = { price: ModelPrice | null; playbooks: PinnedPlaybook[]; promptChars: number };

/**
 * The first prompt's size (instructions with the playbooks, goal and the tools' schemas), for the
 * first call's worst case.
 */
export async function firstPromptChars(
  db: DbOrTx,
  agent: Agent,
  parsed: StartInput,
  playbooks: PinnedPlaybook[],
): Promise<number> {
  await loadTenantTools(db, agent.tenantId);
  return (
    new RunState(systemPromptOf({ instructions: agent.instructions, playbooks }), parsed.input).promptChars +
    JSON.stringify(await modelTools(agent.tools, agent.tenantId)).length
  );
}

/**
 * Decides the run from what was read; throws the refusals that need nothing else (archived agent,
 * dry-run mode, a cost limit on an unpriced model). Kill switches and the tenant's budget are the
 * caller's: they change by the minute.
 */
export function planStart(
  actor: Actor,
  agent: Agent,
  parsed: StartInput,
  options: StartOptions,
  { price, playbooks, promptChars }: StartReads,
): StartPlan {
  if (agent.archivedAt)
    throw new AppError(
      "conflict",
      `${agent.name} is archived: it starts no new runs. An admin can restore it on its page.`,
      { field: "agent" },
    );
  if (agent.dryRun && parsed.dryRun === false && !options.promotedFrom)
    throw new AppError(
      "forbidden",
      `${agent.name} is in dry-run mode: its runs only preview write actions. Promote a dry run to execute its actions, or ask an admin to switch the agent live.`,
      { field: "dryRun" },
    );
  const dryRun = options.promotedFrom ? false : (parsed.dryRun ?? agent.dryRun);
  if (options.gate && dryRun)
    throw new AppError(
      "conflict",
      `${agent.name} is in dry-run mode: a dry run previews writes inside Flightdeck, which cannot preview tools that run elsewhere. Ask an admin to switch the agent live.`,
      { field: "agent" },
    );
  const model = runModel(parsed, agent);
  const limits = runLimits(actor, agent, parsed.limits);
  // The first call's worst case: a tenant whose budget cannot cover it starts nothing.
  const firstCall = worstCase(promptChars, price);
  if (limits.maxCostUsd !== null && firstCall.usd === null)
    throw new AppError(
      "invalid_input",
      `${model} is unpriced, so a run on it cannot have a cost budget: remove the cost limit or choose a priced model.`,
      { field: "model" },
    );
  const snapshot: AgentSnapshot = {
    instructions: agent.instructions,
    tools: agent.tools,
    ...limits,
    fallbackModel: agent.fallbackModel,
    onReject: agent.onReject,
    dryRun,
    // Only when set, so the settings of agents without them keep their hash.
    ...(agent.requiredEvidence.length > 0 ? { requiredEvidence: agent.requiredEvidence } : {}),
    ...(agent.routerModel ? { routerModel: agent.routerModel } : {}),
    ...(playbooks.length > 0 ? { playbooks } : {}),
    ...(agent.workflow ? { workflow: agent.workflow } : {}),
  };
  return { dryRun, model, limits, firstCall, snapshot };
}
