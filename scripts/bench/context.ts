import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
} from "@ai-sdk/provider";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { agents, demoTickets, runs, spans } from "@/db/schema";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { tokenCounterFor } from "@/lib/context/token-counter";
import { utcToday } from "@/lib/day";
import { setPrice } from "@/lib/models/price-table";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import type { BenchTenant } from "./engine";

/** The long-context drill: one run of many turns, each reading a large result, on a small window. */
export type ContextFigures = {
  model: string;
  window: number;
  turns: number;
  resultChars: number;
  status: string;
  seconds: number;
  /** Prompt and tool schemas sent at model call n (1-based), counted with the model's tokenizer. */
  sentAt: { call: number; tokens: number }[];
  maxSentTokens: number;
  totalSentTokens: number;
  /** What the same calls would have been sent with the whole history each time. */
  totalFullTokens: number;
  inputPerMTok: number;
};

const MODEL = "openai:gpt-5-nano";
const INPUT_PER_MTOK = 0.05;
const WINDOW = 32_000;
const TURNS = 300;
const RESULT_CHARS = 20_000;

/** Tickets whose 20 KB bodies all differ, so every read brings something new. */
async function longTickets(database: Database, tenantId: string) {
  for (let from = 0; from < TURNS; from += 50) {
    const rows = Array.from({ length: Math.min(50, TURNS - from) }, (_, i) => {
      const n = from + i + 1;
      return {
        tenantId,
        id: `T-${7000 + n}`,
        customerId: "C-1",
        subject: `Incident log ${n}`,
        body: `Log ${n}: `.padEnd(RESULT_CHARS, `entry ${n}: the sync job retried and timed out; `),
        status: "open",
      };
    });
    await database.db.insert(demoTickets).values(rows);
  }
}

/** A zero-latency model that reads the logs one by one, then answers; it counts what it is sent. */
function drillModel(sent: number[]): LanguageModelV4 {
  const counter = tokenCounterFor("openai");
  return {
    specificationVersion: "v4",
    provider: "bench",
    modelId: "context-drill",
    supportedUrls: {},
    async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
      const tokens = options.prompt.reduce(
        (n, m) => n + counter.message(m),
        counter.text(JSON.stringify(options.tools ?? [])),
      );
      sent.push(tokens);
      const usage = {
        inputTokens: { total: tokens, noCache: tokens, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 20, text: 20, reasoning: 0 },
      };
      const call = sent.length;
      if (call > TURNS)
        return {
          content: [{ type: "text", text: `Read ${TURNS} logs.` }],
          finishReason: { unified: "stop", raw: "stop" },
          usage,
          warnings: [],
        };
      const input = JSON.stringify({ ticket_id: `T-${7000 + call}` });
      return {
        content: [{ type: "tool-call", toolCallId: `log_${call}`, toolName: "get_ticket", input }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    },
    async doStream() {
      throw new Error("the drill model does not stream");
    },
  };
}

/**
 * 300 turns of 20 KB tool results on a model whose window the tenant set to 32k tokens: the run
 * must finish, no call may be sent more than the window leaves beside the output reserve, and what
 * it was sent is compared with sending the whole history every time.
 */
export async function measureContext(database: Database, tenant: BenchTenant): Promise<ContextFigures> {
  const { db } = database;
  await longTickets(database, tenant.tenantId);
  await setPrice(db, tenant.actor, {
    model: MODEL,
    effectiveFrom: utcToday(),
    inputPerMTok: INPUT_PER_MTOK,
    cachedInputPerMTok: 0.005,
    outputPerMTok: 0.4,
    contextWindow: WINDOW,
    note: "context drill: a small window",
  });
  await db
    .update(agents)
    .set({ model: MODEL, requiredEvidence: [] })
    .where(and(eq(agents.tenantId, tenant.tenantId), eq(agents.name, "support-triage")));
  const sent: number[] = [];
  const model = drillModel(sent);
  const config = {
    db,
    owner: `bench-context:${process.pid}`,
    leaseSeconds: 600,
    modelTimeoutMs: 60_000,
    appBaseUrl: "http://127.0.0.1:65533",
    resolveModel: () => model,
  };
  const started = performance.now();
  const { id } = await startRun(db, tenant.actor, {
    agent: "support-triage",
    input: "Read every incident log",
  });
  const claimed = await claimNextRun(db, config.owner, config.leaseSeconds);
  if (claimed?.id !== id) throw new Error("the drill's run was not claimed");
  await executeRun(config, claimed, new AbortController().signal);
  const seconds = (performance.now() - started) / 1000;
  const [run] = await db.select().from(runs).where(eq(runs.id, id));
  if (run?.status !== "succeeded")
    console.error(`context drill: the run ended ${run?.status} (${run?.stopReason}): ${run?.error}`);
  const full = await fullTokensPerCall(database, id);
  const at = [1, 50, 150, 300, TURNS + 1].filter((c) => c <= sent.length);
  return {
    model: MODEL,
    window: WINDOW,
    turns: TURNS,
    resultChars: RESULT_CHARS,
    status: run?.status ?? "missing",
    seconds,
    sentAt: at.map((call) => ({ call, tokens: sent[call - 1] ?? 0 })),
    maxSentTokens: Math.max(...sent),
    totalSentTokens: sent.reduce((a, b) => a + b, 0),
    totalFullTokens: full.reduce((a, b) => a + b, 0),
    inputPerMTok: INPUT_PER_MTOK,
  };
}

/** What each call's whole history came to: its span's full count where it was cut, else what was sent. */
async function fullTokensPerCall({ db }: Database, runId: string): Promise<number[]> {
  const rows = await db
    .select({
      full: sql<number>`coalesce((${spans.attributes}->>'flightdeck.context.full_tokens')::int,
        (${spans.attributes}->>'flightdeck.context.sent_tokens')::int)`,
    })
    .from(spans)
    .where(and(eq(spans.runId, runId), sql`${spans.attributes}->>'gen_ai.operation.name' = 'chat'`))
    .orderBy(asc(spans.seq));
  return rows.map((r) => Number(r.full));
}

const n = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const CONTEXT_HEADING = "## Long context";

/** The drill's section of docs/benchmarks.md. */
export function contextSection(c: ContextFigures, date: string): string {
  const ratio = c.totalSentTokens / c.totalFullTokens;
  return [
    `${CONTEXT_HEADING} (one run, embedded PostgreSQL, zero-latency model)`,
    "",
    `Measured on ${date}; \`npm run bench -- --only context\` measures it alone and rewrites only this section.`,
    "",
    `One run of ${c.turns} turns, each reading a different ${n(c.resultChars / 1000)} KB tool result, on \`${c.model}\` with a`,
    `${n(c.window)}-token window set by the tenant (${n(MAX_OUTPUT_TOKENS)} of it kept for the answer). Tokens are counted`,
    "with the model's tokenizer (o200k_base). The whole history is what each call would be sent without",
    "the context window's fitting (past the window, which the provider would refuse): the cost it is",
    `measured against. The run ended \`${c.status}\` after ${n(c.seconds, 1)} s.`,
    "",
    "| model call | tokens sent |",
    "| --- | --- |",
    ...c.sentAt.map(
      (s) => `| ${s.call === c.turns + 1 ? `${s.call} (final answer)` : s.call} | ${n(s.tokens)} |`,
    ),
    "",
    "| figure | measured | target |",
    "| --- | --- | --- |",
    `| largest call sent + output reserve | ${n(c.maxSentTokens + MAX_OUTPUT_TOKENS)} tokens | ≤ ${n(c.window)} |`,
    `| input tokens, all calls | ${n(c.totalSentTokens)} | |`,
    `| input tokens, whole history every call | ${n(c.totalFullTokens)} | |`,
    `| input cost at $${c.inputPerMTok} / M tokens | $${n((c.totalSentTokens * c.inputPerMTok) / 1e6, 4)} vs $${n((c.totalFullTokens * c.inputPerMTok) / 1e6, 4)} (${n(ratio * 100, 1)} %) | |`,
  ].join("\n");
}
