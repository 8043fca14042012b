import { z } from "zod";
import { searchMemory as searchStored } from "@/lib/memory/store";
import type { ToolDefinition } from "../types";
import {
  memoryRead,
  memoryTarget,
  type RecalledItem,
  readableMemory,
  readReceipt,
  recalledItem,
} from "./run-memory";

const SEARCH_LIMIT = 10;

const input = z
  .object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe(
        'Words to find in the memory\'s keys and values, e.g. "refund delivery". "phrases" and -word work.',
      ),
  })
  .strict();

export type SearchMemoryOutput = { items: RecalledItem[] };

export const searchMemory: ToolDefinition<typeof input, SearchMemoryOutput> = {
  name: "search_memory",
  ...memoryRead,
  description: `Finds items in this agent's memory (and this run's session's) by the words of their keys and values, best match first (at most ${SEARCH_LIMIT}). Untrusted items come back as with recall.`,
  input,
  policy: memoryTarget("query"),
  async execute(args, ctx) {
    const found = await searchStored(ctx.db, {
      ...(await readableMemory(ctx)),
      query: args.query,
      limit: SEARCH_LIMIT,
    });
    const items = found.map(recalledItem);
    return {
      output: { items },
      receipt: readReceipt(items),
    };
  },
};
