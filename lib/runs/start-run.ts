import { and, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { isUniqueViolation } from "@/db/connection-errors";
import {
  type AgentDefinition,
  agents,
  type KillSwitch,
  type Run,
  type RunReplay,
  runs,
  spans,
} from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { worstCase } from "@/lib/budgets/estimate";
import { runLimits, runLimitsSchema } from "@/lib/budgets/run-limits";
import { tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { notifyRunQueued } from "@/lib/engine-events/run-channels";
import { AppError } from "@/lib/errors";
import { IDEMPOTENCY_KEY_HOURS } from "@/lib/http/idempotency";
import { blockingSwitch } from "@/lib/kill/queries";
import { parseModelName } from "@/lib/models/model-name";
import { priceAt } from "@/lib/models/pricing";
import { storeAgentSnapshot } from "@/lib/runtime/agent-snapshots";
import { modelTools } from "@/lib/runtime/model-tools";
import { RunState } from "@/lib/runtime/run-state";
import { newTraceId } from "@/lib/telemetry/ids";
import { runSpan } from "@/lib/telemetry/spans";
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
});

/**
 * Queues a run of one of the tenant's agents; a worker picks it up at once. `promotedFrom` makes it
 * the live execution of a dry run's actions (see promote-run). `requestKey` is the client's
 * Idempotency-Key: a second start with the same key returns the first run instead of a new one.
 */
export async function startRun(
  db: Db,
  actor: Actor,
  input: z.input<typeof startRunSchema>,
  options: StartOptions = {},
) {
  try {
    return await queueRun(db, actor, input, options);
  } catch (error) {
    const first = isRequestKeyTaken(error) && (await runByRequestKey(db, actor.tenantId, options.requestKey));
    if (first) return first;
    throw error;
  }
}

/** The run a client started with this Idempotency-Key, if one committed. */
export async function runByRequestKey(db: Db, tenantId: string, requestKey: string | undefined) {
  if (requestKey === undefined) return undefined;
  const [run] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), eq(runs.requestKey, requestKey)));
  return run;
}

/** A key past its time may name a new request (see withIdempotencyKey): the old run lets go of it. */
async function releaseExpiredRequestKey(tx: Tx, tenantId: string, requestKey: string) {
  await tx
    .update(runs)
    .set({ requestKey: null })
    .where(
      and(
        eq(runs.tenantId, tenantId),
        eq(runs.requestKey, requestKey),
        lt(runs.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`),
      ),
    );
}

const isRequestKeyTaken = (error: unknown): boolean =>
  isUniqueViolation(error, "runs_tenant_request_key_idx");

type StartOptions = {
  promotedFrom?: string;
  requestKey?: string;
  /**
   * A run of an agent that runs elsewhere and asks the gate before each tool call (lib/gate): it is
   * running from the start, and no worker ever claims it.
   */
  gate?: { externalId?: string };
  /**
   * A replay of another run (see replay-run): its parent, how it replays, and the agent definition
   * it runs with when that differs from the agent's current one (an older version, other instructions).
   */
  replay?: { of: string; replay: RunReplay; version?: number; definition?: Partial<AgentDefinition> };
  /** Runs in the run's own transaction, after its row is written (an audit entry that must not be lost). */
  onCreated?: (tx: Tx, run: Run) => Promise<void>;
};

async function queueRun(db: Db, actor: Actor, input: z.input<typeof startRunSchema>, options: StartOptions) {
  assertScope(actor, "runs:start");
  const parsed = startRunSchema.parse(input);
  const [current] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, parsed.agent)));
  // A replay may run the agent as one of its versions defined it, or with other instructions.
  const agent = current && { ...current, ...options.replay?.definition };
  if (!agent)
    throw new AppError("not_found", `There is no agent named "${parsed.agent}" in this tenant.`, {
      field: "agent",
    });
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
  const blocking = await blockingSwitch(db, actor.tenantId, agent.id);
  if (blocking) throw new AppError("conflict", refusal(blocking, agent.name, actor.tenantName));
  const model = parseModelName(parsed.model ?? agent.model).full;
  const limits = runLimits(actor, agent, parsed.limits);
  // The first call's worst case: a tenant whose budget cannot cover it starts nothing.
  const price = await priceAt(db, model, new Date(), actor.tenantId);
  await loadTenantTools(db, actor.tenantId);
  const promptChars =
    new RunState(agent.instructions, parsed.input).promptChars +
    JSON.stringify(await modelTools(agent.tools, actor.tenantId)).length;
  const firstCall = worstCase(promptChars, price);
  if (limits.maxCostUsd !== null && firstCall.usd === null)
    throw new AppError(
      "invalid_input",
      `${model} is unpriced, so a run on it cannot have a cost budget: remove the cost limit or choose a priced model.`,
      { field: "model" },
    );
  const budget = await tenantBudgetToday(db, actor.tenantId);
  if (budget && budget.spentUsd + budget.reservedUsd + (firstCall.usd ?? 0) > budget.budgetUsd)
    throw new AppError(
      "conflict",
      `The daily budget of ${actor.tenantName} ($${budget.budgetUsd.toFixed(2)}) is used up: $${budget.spentUsd.toFixed(4)} spent today (UTC) and $${budget.reservedUsd.toFixed(4)} reserved by runs in flight. New runs start when an admin raises the budget or tomorrow.`,
    );
  if (
    budget?.unpricedTokens != null &&
    firstCall.usd === null &&
    budget.spentTokens + budget.reservedTokens + firstCall.tokens > budget.unpricedTokens
  )
    throw new AppError(
      "conflict",
      `The daily budget of ${actor.tenantName} for models without a price (${budget.unpricedTokens.toLocaleString("en-US")} tokens) cannot cover a first call of ${model}: ${budget.spentTokens.toLocaleString("en-US")} used today (UTC), ${budget.reservedTokens.toLocaleString("en-US")} reserved by runs in flight. New runs start when an admin raises it, gives ${model} a price, or tomorrow.`,
    );
  return db.transaction(async (tx) => {
    if (options.requestKey) await releaseExpiredRequestKey(tx, actor.tenantId, options.requestKey);
    const agentSnapshotHash = await storeAgentSnapshot(tx, actor.tenantId, {
      instructions: agent.instructions,
      tools: agent.tools,
      ...limits,
      fallbackModel: agent.fallbackModel,
      onReject: agent.onReject,
      dryRun,
      // Only when set, so the settings of agents without them keep their hash.
      ...(agent.requiredEvidence.length > 0 ? { requiredEvidence: agent.requiredEvidence } : {}),
      ...(agent.routerModel ? { routerModel: agent.routerModel } : {}),
    });
    const [run] = await tx
      .insert(runs)
      .values({
        tenantId: actor.tenantId,
        agentId: agent.id,
        agentName: agent.name,
        agentVersion: options.replay?.version ?? agent.version,
        agentSnapshotHash,
        dryRun,
        promotedFrom: options.promotedFrom ?? null,
        replayOf: options.replay?.of ?? null,
        replay: options.replay?.replay ?? null,
        model,
        input: parsed.input,
        traceId: newTraceId(),
        createdBy: actor.label,
        requestKey: options.requestKey ?? null,
        ...(options.gate
          ? {
              source: "gate" as const,
              status: "running" as const,
              startedAt: sql`now()`,
              externalId: options.gate.externalId ?? null,
            }
          : {}),
      })
      .returning();
    if (!run) throw new AppError("internal", "The run could not be created.");
    await tx.insert(spans).values(runSpan(run, run.createdAt));
    await options.onCreated?.(tx, run);
    if (!options.gate) await notifyRunQueued(tx, run.id);
    return run;
  });
}

function refusal(s: KillSwitch, agentName: string, tenantName: string): string {
  const what =
    s.scope === "global"
      ? "All agents are stopped (emergency stop)"
      : s.scope === "tenant"
        ? `Tenant ${tenantName} is frozen`
        : `Agent ${agentName} is paused`;
  return `${what} by ${s.engagedBy}: ${s.reason}. New runs start after it is released.`;
}
