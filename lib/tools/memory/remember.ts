import { z } from "zod";
import { MEMORY_SCOPES } from "@/db/schema";
import { memoryKeySchema, memoryValueSchema } from "@/lib/memory/limits";
import { readMemory, writeMemory } from "@/lib/memory/store";
import { type ToolContext, type ToolDefinition, ToolInputError } from "../types";
import { memoryTarget, runMemory } from "./run-memory";

const input = z
  .object({
    key: memoryKeySchema.describe(
      'The name to keep the value under, e.g. "customer:C-1001:preferred_channel" (letters, digits, . _ : -).',
    ),
    value: memoryValueSchema.describe("What to remember: any JSON (an object, a list, text, a number)."),
    scope: z
      .enum(MEMORY_SCOPES)
      .default("agent")
      .describe(
        "agent: every later run of this agent reads it; session: only runs of this run's session (its external id).",
      ),
  })
  .strict();

type Args = z.output<typeof input>;

export type RememberOutput = { key: string; scope: Args["scope"]; version: number; untrusted: boolean };

/**
 * Where the key or value came from, as policy traced it: read in untrusted text, the item is stored
 * marked untrusted. A call whose provenance is unknown (resumed after a crash) counts as untrusted.
 */
function fromUntrustedText(ctx: ToolContext): boolean {
  const provenance = ctx.call?.provenance;
  if (!provenance) return true;
  return provenance.key === "untrusted" || provenance.value === "untrusted";
}

async function placeOf(args: Args, ctx: ToolContext) {
  const run = await runMemory(ctx);
  if (args.scope === "session" && !run.session)
    throw new ToolInputError(
      'This run has no session (external id), so nothing can be remembered for it: use scope "agent".',
    );
  return {
    tenantId: ctx.tenantId,
    agentName: run.agentName,
    sessionKey: args.scope === "session" ? (run.session ?? "") : "",
  };
}

export const remember: ToolDefinition<typeof input, RememberOutput> = {
  name: "remember",
  version: 1,
  description:
    "Keeps a value in this agent's memory under a key, for later runs (scope agent) or later runs of this session (scope session). Writing a key again keeps the previous version in its history.",
  input,
  policy: memoryTarget("key"),
  risk: () => "write",
  timeoutMs: 5_000,
  // The version is written once per idempotency key: a retry finds it.
  idempotent: true,
  async execute(args, ctx) {
    ctx.signal.throwIfAborted();
    const place = await placeOf(args, ctx);
    const untrusted = fromUntrustedText(ctx);
    const { item } = await writeMemory(ctx.db, {
      ...place,
      key: args.key,
      value: args.value,
      untrusted,
      source: {
        kind: "run",
        runId: ctx.runId,
        seq: ctx.call?.seq ?? 0,
        toolCallId: ctx.call?.toolCallId ?? "",
      },
      idempotencyKey: ctx.idempotencyKey,
    });
    return {
      output: { key: item.key, scope: args.scope, version: item.version, untrusted: item.untrusted },
      receipt: {
        memory_id: item.id,
        key: item.key,
        scope: args.scope,
        version: item.version,
        untrusted: item.untrusted,
      },
    };
  },
  async preview(args, ctx) {
    const place = await placeOf(args, ctx);
    const current = await readMemory(ctx.db, place, args.key);
    const version = (current?.version ?? 0) + 1;
    return {
      output: { key: args.key, scope: args.scope, version, untrusted: fromUntrustedText(ctx), preview: true },
      receipt: { key: args.key, scope: args.scope, version },
    };
  },
};
