import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { newTraceId } from "./ids";
import { otlpTracesUrl, parseOtlpHeaders } from "./otlp-config";
import { exportSpans, flushOtlpExport, otlpEnabled, resetOtlpExport } from "./otlp-export";
import { modelCallSpan, runSpan, toolCallSpan, turnSpan } from "./spans";
import { startFakeCollector } from "./testing/fake-collector";

const saved = { ...process.env };
let collector: Awaited<ReturnType<typeof startFakeCollector>>;

beforeEach(async () => {
  collector = await startFakeCollector();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.endpoint;
  resetEnvCache();
});
afterEach(async () => {
  await resetOtlpExport();
  process.env = { ...saved };
  resetEnvCache();
  await collector.close();
  vi.restoreAllMocks();
});

const ms = (date: Date) => String(date.getTime() * 1e6);

function runRows() {
  const run = {
    id: randomUUID(),
    tenantId: randomUUID(),
    traceId: newTraceId(),
    agentName: "support-triage",
    model: "openai:gpt-5-mini",
  };
  const t = (offset: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678) + offset);
  const usage = { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 100, reasoningTokens: 20 };
  const model = { text: "", toolCalls: [], finishReason: "tool-calls", usage, costUsd: 0.0012 };
  const tool = {
    toolCallId: "c1",
    toolName: "get_ticket",
    args: {},
    status: "ok" as const,
    result: {},
    receipt: null,
    idempotencyKey: "k",
  };
  return [
    { ...runSpan(run, t(0)), endTime: t(900), status: "ok" as const },
    turnSpan(run, 1, t(10), t(500)),
    modelCallSpan(run, 1, 1, model, t(10), t(300)),
    toolCallSpan(run, 2, 1, tool, t(310), t(500)),
  ];
}

function manyToolSpans(count: number) {
  const tool = runRows()[3];
  if (!tool) throw new Error("no tool span");
  return Array.from({ length: count }, (_, i) => ({ ...tool, spanId: i.toString(16).padStart(16, "0") }));
}

describe("OTLP/HTTP export", () => {
  it("sends our spans with our ids, parents, names, times, status and gen_ai attributes", async () => {
    const rows = runRows();
    exportSpans(rows);
    await flushOtlpExport();

    expect(collector.requests.map((r) => r.path)).toEqual(["/v1/traces"]);
    expect(collector.spans).toHaveLength(4);
    collector.spans.forEach((got, i) => {
      const row = rows[i];
      expect(got).toMatchObject({
        traceId: row?.traceId,
        spanId: row?.spanId,
        name: row?.name,
        startTimeUnixNano: row && ms(row.startTime),
        endTimeUnixNano: row?.endTime && ms(row.endTime),
        status: { code: 1 },
      });
      expect(got.parentSpanId || null).toBe(row?.parentSpanId);
      expect(got.attributes).toEqual(row?.attributes);
      expect(got.resource["service.name"]).toBe("flightdeck");
    });
    const [root, turn, chat, tool] = collector.spans;
    expect(turn?.parentSpanId).toBe(root?.spanId);
    expect([chat?.parentSpanId, tool?.parentSpanId]).toEqual([turn?.spanId, turn?.spanId]);
    expect(chat?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-5-mini",
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 100,
    });
    expect(tool?.attributes).toMatchObject({ "gen_ai.tool.name": "get_ticket", "gen_ai.tool.call.id": "c1" });
    expect(root?.attributes).toMatchObject({ "gen_ai.agent.name": "support-triage" });
    expect([root?.kind, chat?.kind, tool?.kind]).toEqual([1, 3, 1]); // internal, client, internal
  });

  it("skips spans that have not ended and sends OTEL_EXPORTER_OTLP_HEADERS", async () => {
    process.env.OTEL_EXPORTER_OTLP_HEADERS = "Authorization=Basic%20c2s6cGs=, x-scope=flightdeck";
    resetEnvCache();
    const [root, turn] = runRows();
    exportSpans([{ ...root, endTime: null }, turn].filter((r) => r !== undefined));
    await flushOtlpExport();
    expect(collector.spans.map((s) => s.spanId)).toEqual([turn?.spanId]);
    expect(collector.requests[0]?.headers).toMatchObject({
      authorization: "Basic c2s6cGs=",
      "x-scope": "flightdeck",
    });
  });

  it("never throws when the collector refuses, and logs at most once a minute", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    collector.failWith(400);
    exportSpans(runRows());
    await flushOtlpExport();
    exportSpans(runRows());
    await flushOtlpExport();
    expect(collector.requests).toHaveLength(2);
    expect(collector.spans).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/OTLP export: 4 spans not exported/);
  });

  it("drops spans past the queue's bound instead of holding them", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    exportSpans(manyToolSpans(5000));
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/OTLP export: queue full, 1 dropped/);
    await flushOtlpExport();
    // The default bound, 4096 waiting, plus the first batch already on its way.
    expect(collector.spans.length).toBeGreaterThanOrEqual(4096);
    expect(collector.spans.length).toBeLessThan(5000);
  });

  it("takes the batching settings from OTEL_BSP_*", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE = "2";
    process.env.OTEL_BSP_MAX_QUEUE_SIZE = "10";
    process.env.OTEL_BSP_SCHEDULE_DELAY = "600000";
    resetEnvCache();
    exportSpans(runRows());
    // Full batches go at once, whatever the delay: two requests of two spans, without a flush.
    await vi.waitFor(() => expect(collector.spans).toHaveLength(4), { timeout: 5000 });
    expect(collector.requests).toHaveLength(2);

    exportSpans(manyToolSpans(100));
    await flushOtlpExport();
    expect(collector.spans.length).toBeLessThanOrEqual(4 + 10 + 2);
  });

  it("is off without OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    resetEnvCache();
    expect(otlpEnabled()).toBe(false);
    exportSpans(runRows());
    await flushOtlpExport();
    expect(collector.requests).toHaveLength(0);
  });
});

describe("OTLP configuration", () => {
  it("derives the traces URL from the base endpoint", () => {
    expect(otlpTracesUrl("http://localhost:4318")).toBe("http://localhost:4318/v1/traces");
    expect(otlpTracesUrl("https://cloud.langfuse.com/api/public/otel/")).toBe(
      "https://cloud.langfuse.com/api/public/otel/v1/traces",
    );
  });

  it("parses W3C-style header lists", () => {
    expect(parseOtlpHeaders("a=1, b = x%20y ,bad,=v,c=k=v")).toEqual({ a: "1", b: "x y", c: "k=v" });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });
});
