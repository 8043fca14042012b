import { and, eq, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { isUniqueViolation } from "@/db/connection-errors";
import { type Agent, type KillSwitch, runs } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { budgetRefusesSql, tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { AppError } from "@/lib/errors";
import { IDEMPOTENCY_KEY_HOURS } from "@/lib/http/idempotency";
import { blockingSwitch, blockingSwitchExistsSql } from "@/lib/kill/queries";
import { stampedPriceAt } from "@/lib/models/pricing";
import { insertRun } from "./insert-run";
import { chooseVersion } from "./rollout-version";
import { forget, type RememberedStart, recall, remember, staleSql, stampedAgent } from "./start-cache";
import {
  firstPromptChars,
  planStart,
  runModel,
  type StartInput,
  type StartOptions,
  type StartPlan,
  startRunSchema,
} from "./start-plan";

export { startRunSchema } from "./start-plan";

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
  assertScope(actor, "runs:start");
  const parsed = startRunSchema.parse(input);
  try {
    // A start that must run more in its transaction (onCreated), or a replay, reads everything, as
    // a refusal does.
    const fromMemory = !options.onCreated && !options.replay;
    return (
      (fromMemory && (await startFromMemory(db, actor, parsed, options))) ||
      (await startFresh(db, actor, parsed, options))
    );
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

const isRequestKeyTaken = (error: unknown): boolean =>
  isUniqueViolation(error, "runs_tenant_request_key_idx");

/**
 * The start of a run whose agent and price this process read before: ONE statement, which checks
 * that they are unchanged and that no kill switch or budget refuses it, and writes nothing
 * otherwise (null: `startFresh` then reads everything and says why, or starts it).
 */
async function startFromMemory(db: Db, actor: Actor, parsed: StartInput, options: StartOptions) {
  const remembered = recall(actor.tenantId, parsed.agent, parsed.model);
  if (!remembered) return null;
  // The rollout is part of the remembered agent's row: choosing a version reads nothing more.
  const { agent, role } = chooseVersion(remembered.agent, parsed, options);
  const known = priceFor(remembered, actor.tenantId, parsed, agent);
  if (!known) return null;
  let plan: StartPlan;
  try {
    const { price, playbooks } = known;
    const promptChars = await firstPromptChars(db, agent, parsed, playbooks);
    plan = planStart(actor, agent, parsed, options, { price, playbooks, promptChars });
  } catch {
    return null;
  }
  const refused = sql`${staleSql(known, plan.model, actor.tenantId)}
    or ${blockingSwitchExistsSql(actor.tenantId, agent.id)}
    or ${budgetRefusesSql(actor.tenantId, plan.firstCall)}`;
  try {
    const run = await insertRun(db, { actor, agent, parsed, options, plan, rolloutRole: role }, refused);
    if (!run) forget(actor.tenantId, parsed.agent, parsed.model);
    return run;
  } catch (error) {
    // The key names a run already, perhaps one whose key expired: startFresh knows which.
    if (isRequestKeyTaken(error)) return null;
    throw error;
  }
}

/** A start that reads the agent, switches, price and budget, and remembers what it read. */
async function startFresh(db: Db, actor: Actor, parsed: StartInput, options: StartOptions) {
  const found = await stampedAgent(db, actor.tenantId, parsed.agent);
  if (!found)
    throw new AppError("not_found", `There is no agent named "${parsed.agent}" in this tenant.`, {
      field: "agent",
    });
  const current = found.agent;
  // A replay may run the agent as one of its versions defined it, or with other instructions; under
  // a rollout, a start may get the candidate version.
  const { agent, role } = options.replay?.definition
    ? { agent: { ...current, ...options.replay.definition }, role: null }
    : chooseVersion(current, parsed, options);
  const { price, stamp: priceStamp } = await stampedPriceAt(
    db,
    runModel(parsed, agent),
    new Date(),
    actor.tenantId,
  );
  // A replay runs with the playbooks its parent got; any other start with those that apply now.
  const playbooks = options.replay ? options.replay.playbooks : found.playbooks;
  const promptChars = await firstPromptChars(db, agent, parsed, playbooks);
  const plan = planStart(actor, agent, parsed, options, { price, playbooks, promptChars });
  const blocking = await blockingSwitch(db, actor.tenantId, agent.id);
  if (blocking) throw new AppError("conflict", refusal(blocking, agent.name, actor.tenantName));
  await assertBudgetCovers(db, actor, plan);
  const run = await db.transaction(async (tx) => {
    // A key past its time may name a new request (see withIdempotencyKey): the old run lets go of it.
    if (options.requestKey)
      await tx
        .update(runs)
        .set({ requestKey: null })
        .where(
          and(
            eq(runs.tenantId, actor.tenantId),
            eq(runs.requestKey, options.requestKey),
            lt(runs.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`),
          ),
        );
    const run = await insertRun(tx, { actor, agent, parsed, options, plan, rolloutRole: role }, null);
    if (!run) throw new AppError("internal", "The run could not be created.");
    await options.onCreated?.(tx, run);
    return run;
  });
  // The price is that of the run's model: a candidate on another model is remembered under it.
  remember(actor.tenantId, parsed.agent, rememberedModel(parsed, current, plan.model), {
    agent: current,
    agentStamp: found.stamp,
    playbooks: found.playbooks,
    playbooksStamp: found.playbooksStamp,
    price,
    priceStamp,
  });
  return run;
}

/**
 * The memory entry's model key for a start: the request's model, or the run's own when a rollout's
 * candidate runs another model than the agent's (its price is not the agent model's).
 */
const rememberedModel = (parsed: StartInput, current: Agent, model: string): string | undefined =>
  parsed.model === undefined && model !== runModel(parsed, current) ? model : parsed.model;

/**
 * The remembered start with the price of the model this run uses. A candidate on another model
 * takes the price remembered under that model, provided it was read with the same agent row.
 */
function priceFor(
  remembered: RememberedStart,
  tenantId: string,
  parsed: StartInput,
  agent: Agent,
): RememberedStart | null {
  const model = runModel(parsed, agent);
  const key = rememberedModel(parsed, remembered.agent, model);
  if (key === parsed.model) return remembered;
  const other = recall(tenantId, parsed.agent, key);
  if (!other || other.agentStamp !== remembered.agentStamp) return null;
  return { ...remembered, price: other.price, priceStamp: other.priceStamp };
}

async function assertBudgetCovers(db: Db, actor: Actor, { firstCall, model }: StartPlan) {
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
