import { z } from "zod";
import type { MemorySource } from "@/db/schema";
import { data, timestamp } from "@/lib/http/json-shapes";
import type { MemoryItemView, MemoryVersionView } from "./agent-memory";

const sourceJson = z.union([
  z.object({ kind: z.literal("run"), run_id: z.string(), seq: z.number(), tool_call_id: z.string() }),
  z.object({ kind: z.literal("operator"), actor_type: z.string(), actor_id: z.string(), label: z.string() }),
]);

export const memoryItemJson = z.object({
  id: z.string(),
  key: z.string(),
  scope: z.enum(["agent", "session"]),
  session: z.string().nullable(),
  value: data,
  version: z.number(),
  untrusted: z.boolean(),
  source: sourceJson,
  created_at: timestamp,
  updated_at: timestamp,
});

export const memoryVersionJson = z.object({
  version: z.number(),
  value: data,
  deleted: z.boolean(),
  untrusted: z.boolean(),
  source: sourceJson,
  written_at: timestamp,
});

export const memoryPageJson = z.object({
  items: z.array(memoryItemJson),
  next_cursor: z.string().nullable(),
});
export const memoryItemDetailJson = z.object({ item: memoryItemJson, versions: z.array(memoryVersionJson) });

const toSourceJson = (source: MemorySource): z.input<typeof sourceJson> =>
  source.kind === "run"
    ? { kind: "run", run_id: source.runId, seq: source.seq, tool_call_id: source.toolCallId }
    : { kind: "operator", actor_type: source.actorType, actor_id: source.actorId, label: source.label };

export const toMemoryItemJson = (item: MemoryItemView): z.input<typeof memoryItemJson> => ({
  id: item.id,
  key: item.key,
  scope: item.scope,
  session: item.session,
  value: item.value,
  version: item.version,
  untrusted: item.untrusted,
  source: toSourceJson(item.source),
  created_at: item.createdAt,
  updated_at: item.updatedAt,
});

export const toMemoryVersionJson = (version: MemoryVersionView): z.input<typeof memoryVersionJson> => ({
  version: version.version,
  value: version.value,
  deleted: version.deleted,
  untrusted: version.untrusted,
  source: toSourceJson(version.source),
  written_at: version.writtenAt,
});
