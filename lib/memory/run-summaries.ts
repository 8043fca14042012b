import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agents, type MemorySource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { agentOf } from "./agent-memory";

/** The memory key each ended run's summary is written to (the trigger runs_remember_ended). */
export const RUN_SUMMARY_KEY = "last_run";

/** A version the end of a run wrote (the trigger names no tool call), not a call of the run. */
export const isRunSummary = (source: MemorySource): boolean =>
  source.kind === "run" && source.toolCallId === "";

export const runSummariesSchema = z
  .object({ run_summaries: z.boolean({ error: "Say true or false." }) })
  .strict();

export const runSummariesJson = z.object({
  agent: z.string(),
  run_summaries: z.boolean().describe(`Whether each ended run leaves a summary under "${RUN_SUMMARY_KEY}".`),
});

/** Whether the agent keeps a summary of each ended run in its memory. */
export async function runSummariesOf(
  db: Db,
  actor: Actor,
  agent: string,
): Promise<{ agent: string; on: boolean }> {
  assertScope(actor, "memory:read");
  const { id, name } = await agentOf(db, actor, agent);
  const [row] = await db
    .select({ on: agents.rememberRuns })
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.id, id)));
  return { agent: name, on: row?.on ?? false };
}

/**
 * Switches run summaries on or off for the agent's runs that end from now on; what earlier runs
 * wrote stays. Audited as `memory.run_summaries` on the agent.
 */
export async function setRunSummaries(
  db: Db,
  actor: Actor,
  agent: string,
  on: boolean,
): Promise<{ agent: string; on: boolean }> {
  assertScope(actor, "memory:write");
  const { id, name } = await agentOf(db, actor, agent);
  return db.transaction(async (tx) => {
    await tx
      .update(agents)
      .set({ rememberRuns: on })
      .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.id, id)));
    await recordAudit(tx, actor, {
      action: "memory.run_summaries",
      targetType: "agent",
      targetId: id,
      details: { agent: name, on },
    });
    return { agent: name, on };
  });
}
