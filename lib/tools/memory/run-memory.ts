import { and, eq } from "drizzle-orm";
import { runs } from "@/db/schema";
import type { ReadableMemory, StoredItem } from "@/lib/memory/store";
import type { PolicyTarget } from "../policy-target";
import { str } from "../policy-target";
import { type ToolContext, ToolInputError } from "../types";

/** Whose memory a run reads and writes: its agent's, and its session's when it has one. */
export async function runMemory(ctx: ToolContext): Promise<{ agentName: string; session: string | null }> {
  const [run] = await ctx.db
    .select({ agentName: runs.agentName, externalId: runs.externalId })
    .from(runs)
    .where(and(eq(runs.id, ctx.runId), eq(runs.tenantId, ctx.tenantId)));
  if (!run) throw new ToolInputError("This call belongs to no run, so it has no memory to use.");
  return { agentName: run.agentName, session: run.externalId };
}

/** What a run may read: its agent's own memory ('') and its session's. */
export async function readableMemory(ctx: ToolContext): Promise<ReadableMemory> {
  ctx.signal.throwIfAborted();
  const run = await runMemory(ctx);
  return {
    tenantId: ctx.tenantId,
    agentName: run.agentName,
    sessions: run.session ? ["", run.session] : [""],
  };
}

/** What the memory's read tools share: a read, safe to retry. */
export const memoryRead = { version: 1, risk: () => "read" as const, timeoutMs: 5_000, idempotent: true };

/** A read's evidence: how many items it returned, and how many of them untrusted. */
export const readReceipt = (items: RecalledItem[]) => ({
  count: items.length,
  untrusted: items.filter((i) => i.untrusted).length,
});

/**
 * An item as the model reads it. A value first read in untrusted text comes back under
 * `untrusted_value`, one of the fields whose content provenance counts as untrusted
 * (lib/tools/untrusted.ts): a later call that uses it is untrusted, whatever the value's own keys.
 */
export function recalledItem(item: StoredItem) {
  return {
    key: item.key,
    scope: item.sessionKey ? ("session" as const) : ("agent" as const),
    version: item.version,
    updated_at: item.updatedAt.toISOString(),
    untrusted: item.untrusted,
    ...(item.untrusted ? { untrusted_value: item.value } : { value: item.value }),
  };
}

export type RecalledItem = ReturnType<typeof recalledItem>;

/** Memory calls act on the agent's memory: the resource is `Memory::"<key, prefix or query>"`. */
export const memoryTarget = (argument: string): PolicyTarget => ({
  resourceType: "Memory",
  facts: {},
  resourceId: (args) => str(args[argument]),
});
