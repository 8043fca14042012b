import { and, eq, ilike, or } from "drizzle-orm";
import { z } from "zod";
import { demoKnowledgeBase } from "@/db/schema";
import type { ToolDefinition } from "@/lib/tools/types";
import { knowledgeBaseTarget } from "./policy/targets";

const input = z
  .object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('Words to look for in the knowledge base, e.g. "refund policy".'),
  })
  .strict();

export type KbOutput = { results: { id: string; title: string; snippet: string }[] };

const TOP = 3;
const SNIPPET_CHARS = 240;
const STOP_WORDS = new Set("the and for with how what can does are you our about".split(" "));

/** Letters and digits only, so no LIKE wildcard ever reaches the pattern. */
function queryWords(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !STOP_WORDS.has(w)))].slice(0, 10);
}

function snippet(body: string, words: string[]): string {
  const lower = body.toLowerCase();
  const hit = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), body.length);
  const start = hit === body.length ? 0 : Math.max(0, body.lastIndexOf(" ", Math.max(0, hit - 60)) + 1);
  const text = body.slice(start, start + SNIPPET_CHARS);
  return `${start > 0 ? "…" : ""}${text}${start + SNIPPET_CHARS < body.length ? "…" : ""}`;
}

export const searchKb: ToolDefinition<typeof input, KbOutput> = {
  name: "search_kb",
  policy: knowledgeBaseTarget,
  version: 1,
  description:
    "Searches the shop's knowledge base (policies and how-tos) and returns the 3 best matching articles with a snippet.",
  input,
  risk: () => "read",
  timeoutMs: 5_000,
  idempotent: true,
  async execute({ query }, ctx) {
    ctx.signal.throwIfAborted();
    const words = queryWords(query);
    const results: KbOutput["results"] = [];
    if (words.length > 0) {
      const matches = words.flatMap((w) => [
        ilike(demoKnowledgeBase.title, `%${w}%`),
        ilike(demoKnowledgeBase.body, `%${w}%`),
      ]);
      const articles = await ctx.db
        .select()
        .from(demoKnowledgeBase)
        .where(and(eq(demoKnowledgeBase.tenantId, ctx.tenantId), or(...matches)));
      const score = (a: { title: string; body: string }) =>
        words.reduce(
          (s, w) =>
            s + (a.title.toLowerCase().includes(w) ? 3 : 0) + (a.body.toLowerCase().includes(w) ? 1 : 0),
          0,
        );
      const ranked = articles
        .map((a) => ({ a, s: score(a) }))
        .sort((x, y) => y.s - x.s || x.a.id.localeCompare(y.a.id, "en", { numeric: true }))
        .slice(0, TOP);
      for (const { a } of ranked) results.push({ id: a.id, title: a.title, snippet: snippet(a.body, words) });
    }
    return {
      output: { results },
      receipt: { query, found: results.length > 0, result_ids: results.map((r) => r.id).join(",") },
    };
  },
};
