import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agents, type KillSwitch, runs, spans } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { blockingSwitch } from "@/lib/kill/queries";
import { parseModelName } from "@/lib/models/model-name";
import { newTraceId } from "@/lib/runtime/ids";
import { notifyRunQueued } from "@/lib/runtime/lease";
import { runSpan } from "@/lib/runtime/spans";

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
});

/** Queues a run of one of the tenant's agents; a worker picks it up at once. */
export async function startRun(db: Db, actor: Actor, input: z.input<typeof startRunSchema>) {
  assertScope(actor, "runs:start");
  const parsed = startRunSchema.parse(input);
  const [agent] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, parsed.agent)));
  if (!agent)
    throw new AppError("not_found", `There is no agent named "${parsed.agent}" in this tenant.`, {
      field: "agent",
    });
  const blocking = await blockingSwitch(db, actor.tenantId, agent.id);
  if (blocking) throw new AppError("conflict", refusal(blocking, agent.name, actor.tenantName));
  const model = parseModelName(parsed.model ?? agent.model).full;
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(runs)
      .values({
        tenantId: actor.tenantId,
        agentId: agent.id,
        agentName: agent.name,
        agentVersion: agent.version,
        agentSnapshot: {
          instructions: agent.instructions,
          tools: agent.tools,
          maxSteps: agent.maxSteps,
          maxSeconds: agent.maxSeconds,
        },
        model,
        input: parsed.input,
        traceId: newTraceId(),
        createdBy: actor.label,
      })
      .returning();
    if (!run) throw new AppError("internal", "The run could not be created.");
    await tx.insert(spans).values(runSpan(run, run.createdAt));
    await notifyRunQueued(tx, run.id);
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
