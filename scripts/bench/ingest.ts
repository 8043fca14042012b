import type { Database } from "@/db/client";
import { createMember, createTenant } from "@/db/testing/factories";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/api-keys";
import { seedModelPrices } from "@/lib/models/pricing";
import { ingestSpans } from "@/lib/otlp/ingest";
import { readSpans } from "@/lib/otlp/read-spans";

export type IngestFigures = {
  requests: number;
  concurrency: number;
  spansPerRequest: number;
  spans: number;
  spansPerSecond: number;
  requestP50Ms: number;
  requestP95Ms: number;
};

const TRACES_PER_REQUEST = 50;
// An agent's turn as the GenAI conventions write it: a root, 4 model calls and 4 tool calls.
const SPANS_PER_TRACE = 9;

/**
 * OTLP ingest throughput: export requests of 50 traces (450 spans, as a batching exporter sends
 * them) read, mapped and stored by `concurrency` clients at once — everything the route does after
 * the key is checked, on the same database the engine uses.
 */
export async function measureIngest(
  database: Database,
  options = { requests: 60, concurrency: 4 },
): Promise<IngestFigures> {
  const { db } = database;
  await seedModelPrices(db);
  const tenant = await createTenant(db, "Ingest bench");
  const admin = await createMember(db, tenant, "admin");
  const { key } = await createApiKey(db, admin, { name: "bench", purpose: "ingest" });
  const actor = await authenticateApiKey(db, key, "ingest");
  if (!actor) throw new Error("The ingest key does not authenticate.");
  // Warm-up: the observed agent, prices and statement plans.
  await ingestSpans(db, actor, readSpans(exportRequest(0)));

  const durations: number[] = [];
  let next = 1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next <= options.requests) {
        const body = exportRequest(next++);
        const t0 = performance.now();
        await ingestSpans(db, actor, readSpans(JSON.parse(JSON.stringify(body))));
        durations.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const spans = options.requests * TRACES_PER_REQUEST * SPANS_PER_TRACE;
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return {
    requests: options.requests,
    concurrency: options.concurrency,
    spansPerRequest: TRACES_PER_REQUEST * SPANS_PER_TRACE,
    spans,
    spansPerSecond: spans / seconds,
    requestP50Ms: at(0.5),
    requestP95Ms: at(0.95),
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
});

/** One OTLP/JSON export request: TRACES_PER_REQUEST whole traces of one service. */
function exportRequest(request: number) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = [];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = hex(request * 1000 + t + 1, 32);
    const root = hex(1, 16);
    const span = (i: number, name: string, attributes: object[]) => ({
      traceId,
      spanId: i === 0 ? root : hex(i + 1, 16),
      ...(i === 0 ? {} : { parentSpanId: root }),
      name,
      startTimeUnixNano: String(now + BigInt(i) * 1_000_000n),
      endTimeUnixNano: String(now + BigInt(i + 1) * 1_000_000n),
      attributes,
      status: { code: 1 },
    });
    spans.push(span(0, "invoke_agent support-bot", [attr("gen_ai.operation.name", "invoke_agent")]));
    for (let i = 1; i < SPANS_PER_TRACE; i++)
      spans.push(
        i % 2 === 1
          ? span(i, "chat gpt-5-mini", [
              attr("gen_ai.operation.name", "chat"),
              attr("gen_ai.provider.name", "openai"),
              attr("gen_ai.request.model", "gpt-5-mini"),
              attr("gen_ai.usage.input_tokens", 1200),
              attr("gen_ai.usage.output_tokens", 80),
            ])
          : span(i, "execute_tool lookup_order", [
              attr("gen_ai.operation.name", "execute_tool"),
              attr("gen_ai.tool.name", "lookup_order"),
              attr("gen_ai.tool.call.arguments", '{"order":17}'),
              attr("gen_ai.tool.call.result", '{"status":"shipped","eta":"tomorrow"}'),
            ]),
      );
  }
  return {
    resourceSpans: [
      { resource: { attributes: [attr("service.name", "support-bot")] }, scopeSpans: [{ spans }] },
    ],
  };
}
