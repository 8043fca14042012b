import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { OpenTelemetry } from "@ai-sdk/otel";
import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { type Attributes, context, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, type SpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { generateText, isStepCount, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST } from "@/app/api/otlp/v1/traces/route";
import { GET as me } from "@/app/api/v1/me/route";
import { type ModelStepPayload, runSteps, runs, spans, type ToolStepPayload } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { seedModelPrices } from "@/lib/models/pricing";

const { db } = await createTestDatabase();
await seedModelPrices(db);
const tenant = await createTenant(db, "Observed Co");
const admin = await createMember(db, tenant, "admin");
const { key: ingestKey } = await createApiKey(db, admin, { name: "collector", purpose: "ingest" });
const { key: apiKey } = await createApiKey(db, admin, { name: "automation", role: "admin" });

// The route behind a real HTTP server, so the OpenTelemetry exporters talk to it as to a collector.
const server: Server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const response = await POST(
    new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/otlp/v1/traces`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** An agent of a team's own, instrumented with the GenAI conventions, exporting through `exporter`. */
async function supportBot(exporter: SpanExporter, service: string) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer("support-bot");
  const root = tracer.startSpan("invoke_agent support-bot");
  root.setAttributes({
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.input.messages": "Where is order 17?",
  });
  // The children name their parent explicitly: no context manager is registered in this test.
  const child = (name: string, attributes: Attributes, error?: string) => {
    const span = tracer.startSpan(name, { attributes }, trace.setSpan(context.active(), root));
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end();
  };
  const chat = (input: number, output: number) =>
    child("chat gpt-5-mini", {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-5-mini",
      "gen_ai.usage.input_tokens": input,
      "gen_ai.usage.output_tokens": output,
    });
  chat(1_000, 100);
  child("execute_tool lookup_order", {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "lookup_order",
    "gen_ai.tool.call.id": "call_1",
    "gen_ai.tool.call.arguments": JSON.stringify({ order: 17 }),
    "gen_ai.tool.call.result": JSON.stringify({ status: "shipped" }),
  });
  child(
    "execute_tool refund",
    { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "refund" },
    "refunds are closed",
  );
  chat(2_000, 50);
  root.setAttribute("gen_ai.output.messages", "Order 17 has shipped.");
  root.end();
  const traceId = root.spanContext().traceId;
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

/** The same order question answered by an AI SDK tool loop, its telemetry sent by `@ai-sdk/otel`. */
async function aiSdkAgent(exporter: SpanExporter, service: string) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const turn = (
    content: LanguageModelV4GenerateResult["content"],
    finish: "tool-calls" | "stop",
    input: { total: number; cacheRead: number },
    output: { total: number; reasoning: number },
  ): LanguageModelV4GenerateResult => ({
    content,
    finishReason: { unified: finish, raw: finish },
    usage: {
      inputTokens: { ...input, noCache: input.total - input.cacheRead, cacheWrite: undefined },
      outputTokens: { ...output, text: output.total - output.reasoning },
    },
    warnings: [],
  });
  // The provider string of @ai-sdk/openai's Responses models, so the calls are named openai:gpt-5-mini.
  const model = new MockLanguageModelV4({
    provider: "openai.responses",
    modelId: "gpt-5-mini",
    doGenerate: [
      turn(
        [{ type: "tool-call", toolCallId: "call_1", toolName: "lookup_order", input: '{"order":17}' }],
        "tool-calls",
        { total: 1_000, cacheRead: 0 },
        { total: 100, reasoning: 40 },
      ),
      turn(
        [{ type: "text", text: "Order 17 has shipped." }],
        "stop",
        { total: 2_000, cacheRead: 1_500 },
        { total: 50, reasoning: 0 },
      ),
    ],
  });
  const lookups: unknown[] = [];
  const result = await generateText({
    model,
    prompt: "Where is order 17?",
    tools: {
      lookup_order: tool({
        inputSchema: z.object({ order: z.number() }),
        execute: async ({ order }) => {
          lookups.push(order);
          return { order, status: "shipped" };
        },
      }),
    },
    stopWhen: isStepCount(5),
    // `usage` adds the reasoning token counts, which the GenAI attributes leave out.
    telemetry: {
      integrations: new OpenTelemetry({ tracer: provider.getTracer("order-agent"), usage: true }),
    },
  });
  await provider.forceFlush();
  await provider.shutdown();
  // The loop really ran: two model calls, the tool executed by the SDK in between.
  expect(model.doGenerateCalls).toHaveLength(2);
  expect(lookups).toEqual([17]);
  expect(result.text).toBe("Order 17 has shipped.");
}

const runOf = async (traceId: string) =>
  (
    await db
      .select()
      .from(runs)
      .where(and(eq(runs.tenantId, tenant.id), eq(runs.traceId, traceId)))
  )[0];

const post = (body: BodyInit, headers: Record<string, string>) =>
  POST(
    new Request(url, { method: "POST", body, headers: { authorization: `Bearer ${ingestKey}`, ...headers } }),
  );

describe("OTLP ingest", () => {
  it("files an outside agent's trace, sent by the OpenTelemetry JS SDK over JSON, as one priced run", async () => {
    const traceId = await supportBot(
      new JsonExporter({ url, headers: { authorization: `Bearer ${ingestKey}` } }),
      "support-bot",
    );
    const run = await runOf(traceId);
    expect(run).toMatchObject({
      source: "otlp",
      agentName: "otlp:support-bot",
      status: "succeeded",
      stopReason: "completed",
      model: "openai:gpt-5-mini",
      modelCalls: 2,
      toolCalls: 2,
      inputTokens: 3_000,
      outputTokens: 150,
      input: "Where is order 17?",
      output: "Order 17 has shipped.",
    });
    expect(run?.costUsd).toBeGreaterThan(0);
    const steps = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run?.id ?? ""))
      .orderBy(asc(runSteps.seq));
    // One span per request here, sent concurrently: steps are numbered as their spans arrive.
    expect(steps.map((s) => s.kind).sort()).toEqual(["model", "model", "tool", "tool"]);
    const tool = (name: string) =>
      steps.map((s) => s.payload as ToolStepPayload).find((p) => p.toolName === name);
    expect(tool("lookup_order")).toMatchObject({
      args: { order: 17 },
      result: { status: "shipped" },
      status: "ok",
    });
    expect(tool("refund")).toMatchObject({ status: "error", result: { error: "refunds are closed" } });
    const usages = steps.flatMap((s) =>
      s.kind === "model" ? [(s.payload as ModelStepPayload).usage.inputTokens] : [],
    );
    expect(usages.sort()).toEqual([1_000, 2_000]);
    // Every span is kept under the run, the tree intact.
    const stored = await db
      .select()
      .from(spans)
      .where(eq(spans.runId, run?.id ?? ""));
    expect(stored).toHaveLength(5);
    const root = stored.find((s) => s.parentSpanId === null);
    expect(stored.filter((s) => s.parentSpanId === root?.spanId)).toHaveLength(4);
  });

  it("reads protobuf too, gzip or not, and keeps one run for a trace split over requests", async () => {
    const traceId = await supportBot(
      new ProtobufExporter({
        url,
        headers: { authorization: `Bearer ${ingestKey}` },
        compression: "gzip" as never,
      }),
      "billing-bot",
    );
    const run = await runOf(traceId);
    expect(run).toMatchObject({
      agentName: "otlp:billing-bot",
      status: "succeeded",
      modelCalls: 2,
      toolCalls: 2,
    });
    // The same spans again (a retry): nothing doubles.
    const again = await supportBot(
      new ProtobufExporter({ url, headers: { authorization: `Bearer ${ingestKey}` } }),
      "billing-bot",
    );
    expect(again).not.toBe(traceId);
    const runsOfBot = await db
      .select()
      .from(runs)
      .where(and(eq(runs.tenantId, tenant.id), eq(runs.agentName, "otlp:billing-bot")));
    expect(runsOfBot).toHaveLength(2);
  });

  it("files an AI SDK generateText tool loop, exported through @ai-sdk/otel, as one priced run", async () => {
    await aiSdkAgent(
      new ProtobufExporter({ url, headers: { authorization: `Bearer ${ingestKey}` } }),
      "order-agent",
    );
    const filed = await db
      .select()
      .from(runs)
      .where(and(eq(runs.tenantId, tenant.id), eq(runs.agentName, "otlp:order-agent")));
    expect(filed).toHaveLength(1);
    const run = filed[0];
    // The invoke_agent root repeats the calls' totals: only the chat spans count.
    expect(run).toMatchObject({
      source: "otlp",
      status: "succeeded",
      stopReason: "completed",
      model: "openai:gpt-5-mini",
      modelCalls: 2,
      toolCalls: 1,
      inputTokens: 3_000,
      cachedInputTokens: 1_500,
      outputTokens: 150,
      reasoningTokens: 40,
      input: "Where is order 17?",
      output: "Order 17 has shipped.",
    });
    // openai:gpt-5-mini at $0.25 / $0.025 cached / $2 per million tokens, reasoning priced as output.
    const firstCost = (1_000 * 0.25 + 100 * 2) / 1e6;
    const secondCost = (500 * 0.25 + 1_500 * 0.025 + 50 * 2) / 1e6;
    expect(run?.costUsd).toBeCloseTo(firstCost + secondCost, 6);

    const steps = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run?.id ?? ""))
      .orderBy(asc(runSteps.seq));
    const stored = await db
      .select()
      .from(spans)
      .where(eq(spans.runId, run?.id ?? ""));
    const named = (spanId: string | null) => stored.find((s) => s.spanId === spanId)?.name;
    const parentOf = (seq: number) => named(stored.find((s) => s.seq === seq)?.parentSpanId ?? null);
    const modelSteps = steps
      .filter((s) => s.kind === "model")
      .map((s) => ({ ...(s.payload as ModelStepPayload), parent: parentOf(s.seq) }))
      .sort((a, b) => a.usage.inputTokens - b.usage.inputTokens);
    expect(modelSteps).toMatchObject([
      {
        model: "openai:gpt-5-mini",
        usage: { inputTokens: 1_000, cachedInputTokens: 0, outputTokens: 100, reasoningTokens: 40 },
        parent: "step 1",
      },
      {
        model: "openai:gpt-5-mini",
        usage: { inputTokens: 2_000, cachedInputTokens: 1_500, outputTokens: 50, reasoningTokens: 0 },
        text: "Order 17 has shipped.",
        parent: "step 2",
      },
    ]);
    expect(modelSteps[0]?.costUsd).toBeCloseTo(firstCost, 6);
    expect(modelSteps[1]?.costUsd).toBeCloseTo(secondCost, 6);
    const toolSteps = steps.filter((s) => s.kind === "tool");
    expect(toolSteps).toHaveLength(1);
    expect(toolSteps[0]?.payload).toMatchObject({
      toolName: "lookup_order",
      toolCallId: "call_1",
      args: { order: 17 },
      result: { order: 17, status: "shipped" },
      status: "ok",
    });
    expect(parentOf(toolSteps[0]?.seq ?? 0)).toBe("step 1");
    // The tree as the AI SDK built it: invoke_agent → step N → its chat and execute_tool spans.
    expect(stored.map((s) => `${named(s.parentSpanId) ?? "(root)"} > ${s.name}`).sort()).toEqual([
      "(root) > invoke_agent gpt-5-mini",
      "invoke_agent gpt-5-mini > step 1",
      "invoke_agent gpt-5-mini > step 2",
      "step 1 > chat gpt-5-mini",
      "step 1 > execute_tool lookup_order",
      "step 2 > chat gpt-5-mini",
    ]);
  });

  it("handles spans out of order, split over requests and sent twice", async () => {
    const traceId = "5b8efff798038103d269b633813fc60c";
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = (spanId: string, parent: string | null, name: string, attributes: object[], end = now) => ({
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      startTimeUnixNano: String(now - 5_000_000_000n),
      endTimeUnixNano: String(end),
      attributes,
      status: {},
    });
    const body = (...list: object[]) =>
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: "py-agent" } }] },
            scopeSpans: [{ spans: list }],
          },
        ],
      });
    const llm = span("eee19b7ec3c1b174", "eee19b7ec3c1b173", "llm", [
      { key: "openinference.span.kind", value: { stringValue: "LLM" } },
      { key: "llm.model_name", value: { stringValue: "gpt-5-mini" } },
      { key: "llm.provider", value: { stringValue: "openai" } },
      { key: "llm.token_count.prompt", value: { intValue: "400" } },
      { key: "llm.token_count.completion", value: { intValue: 40 } },
    ]);
    const root = span("eee19b7ec3c1b173", null, "agent", []);
    // The child first, gzipped; then the root; then the child again.
    expect(
      (await post(gzipSync(body(llm)), { "content-type": "application/json", "content-encoding": "gzip" }))
        .status,
    ).toBe(200);
    expect((await runOf(traceId))?.status).toBe("running");
    expect((await post(body(root), { "content-type": "application/json" })).status).toBe(200);
    expect((await post(body(llm), { "content-type": "application/json" })).status).toBe(200);
    expect(await runOf(traceId)).toMatchObject({
      status: "succeeded",
      modelCalls: 1,
      inputTokens: 400,
      outputTokens: 40,
      agentName: "otlp:py-agent",
    });
  });

  it("keeps span ids per tenant: another tenant's span with the same ids takes nothing from this one's", async () => {
    // A W3C traceparent hands the trace id and a span id to every service a call reaches: one of
    // them, another tenant, exports spans with those ids first under its own ingest key.
    const other = await createTenant(db, "Eavesdropper Inc");
    const otherAdmin = await createMember(db, other, "admin");
    const { key: otherKey } = await createApiKey(db, otherAdmin, { name: "collector", purpose: "ingest" });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const rootId = "00f067aa0ba902b7";
    const toolId = "00f067aa0ba902b8";
    const now = BigInt(Date.now()) * 1_000_000n;
    const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const span = (
      spanId: string,
      parent: string | null,
      name: string,
      attributes: object[],
      start: bigint,
    ) => ({
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 1_000_000n),
      attributes,
      status: {},
    });
    const toolSpan = (spanId: string, name: string, args: object, start: bigint) =>
      span(
        spanId,
        rootId,
        `execute_tool ${name}`,
        [
          text("gen_ai.operation.name", "execute_tool"),
          text("gen_ai.tool.name", name),
          text("gen_ai.tool.call.arguments", JSON.stringify(args)),
        ],
        start,
      );
    const body = (service: string, ...list: object[]) =>
      JSON.stringify({
        resourceSpans: [
          { resource: { attributes: [text("service.name", service)] }, scopeSpans: [{ spans: list }] },
        ],
      });
    const send = (key: string, payload: string) =>
      POST(
        new Request(url, {
          method: "POST",
          body: payload,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        }),
      );
    // The other tenant's copy: the same root and tool span ids, its tool span numbered 2 there.
    const planted = body(
      "planted-agent",
      span(rootId, null, "agent", [text("gen_ai.input.messages", "Planted question")], now - 5_000_000_000n),
      toolSpan("00f067aa0ba902b9", "planted_first", { n: 1 }, now - 4_000_000_000n),
      toolSpan(toolId, "planted", { n: 2 }, now - 3_000_000_000n),
    );
    expect((await send(otherKey, planted)).status).toBe(200);
    // Then this tenant's own spans.
    const own = body(
      "own-agent",
      span(
        rootId,
        null,
        "agent",
        [text("gen_ai.input.messages", "Where is order 17?")],
        now - 2_000_000_000n,
      ),
      toolSpan(toolId, "lookup_order", { order: 17 }, now - 1_000_000_000n),
    );
    expect((await send(ingestKey, own)).status).toBe(200);

    const filed = async (tenantId: string) => {
      const [run] = await db
        .select()
        .from(runs)
        .where(and(eq(runs.tenantId, tenantId), eq(runs.traceId, traceId)));
      const steps = await db
        .select()
        .from(runSteps)
        .where(eq(runSteps.runId, run?.id ?? ""))
        .orderBy(asc(runSteps.seq));
      const stored = await db
        .select()
        .from(spans)
        .where(eq(spans.runId, run?.id ?? ""))
        .orderBy(asc(spans.startTime));
      return { run, steps, stored };
    };
    const ours = await filed(tenant.id);
    expect(ours.run).toMatchObject({
      agentName: "otlp:own-agent",
      status: "succeeded",
      stopReason: "completed",
      input: "Where is order 17?",
      toolCalls: 1,
    });
    expect(
      ours.steps.map((s) => [
        s.seq,
        (s.payload as ToolStepPayload).toolName,
        (s.payload as ToolStepPayload).args,
      ]),
    ).toEqual([[1, "lookup_order", { order: 17 }]]);
    expect(ours.stored.map((s) => [s.spanId, s.tenantId, s.seq, s.name])).toEqual([
      [`${traceId}${rootId}`, tenant.id, null, "agent"],
      [`${traceId}${toolId}`, tenant.id, 1, "execute_tool lookup_order"],
    ]);

    // The other tenant's run is as it filed it: its own spans, steps and step numbers.
    const theirs = await filed(other.id);
    expect(theirs.run?.id).not.toBe(ours.run?.id);
    expect(theirs.run).toMatchObject({
      agentName: "otlp:planted-agent",
      status: "succeeded",
      input: "Planted question",
      toolCalls: 2,
    });
    expect(theirs.steps.map((s) => [s.seq, (s.payload as ToolStepPayload).toolName])).toEqual([
      [1, "planted_first"],
      [2, "planted"],
    ]);
    expect(theirs.stored.map((s) => [s.spanId, s.tenantId, s.seq, s.name])).toEqual([
      [`${traceId}${rootId}`, other.id, null, "agent"],
      [`${traceId}00f067aa0ba902b9`, other.id, 1, "execute_tool planted_first"],
      [`${traceId}${toolId}`, other.id, 2, "execute_tool planted"],
    ]);
    // Each tenant's copy of a shared id is under its own run only.
    const copies = await db
      .select()
      .from(spans)
      .where(eq(spans.spanId, `${traceId}${toolId}`));
    expect(copies.map((s) => [s.tenantId, s.runId]).sort()).toEqual(
      [
        [tenant.id, ours.run?.id],
        [other.id, theirs.run?.id],
      ].sort(),
    );
  });

  it("files runs Flightdeck cannot stop: a kill switch on one is refused", async () => {
    const traceId = await supportBot(
      new JsonExporter({ url, headers: { authorization: `Bearer ${ingestKey}` } }),
      "support-bot",
    );
    const run = await runOf(traceId);
    await expect(
      engageKillSwitch(db, admin, { scope: "run", target: run?.id ?? "", reason: "stop it" }),
    ).rejects.toThrow("Flightdeck cannot stop it");
  });

  it("closes a trace whose root never came once it has been quiet", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const old = BigInt(Date.now() - 30 * 60_000) * 1_000_000n;
    const orphan = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: "b7ad6b7169203331",
                  parentSpanId: "b7ad6b7169203330",
                  name: "step",
                  startTimeUnixNano: String(old),
                  endTimeUnixNano: String(old + 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    };
    expect((await post(JSON.stringify(orphan), { "content-type": "application/json" })).status).toBe(200);
    expect(await runOf(traceId)).toMatchObject({
      status: "stopped",
      stopReason: "trace_inactive",
      agentName: "otlp:unknown_service",
    });
  });

  it("refuses what it cannot read with a message, and keys that are not for ingest", async () => {
    const json = { "content-type": "application/json" };
    const refused = async (response: Response, status: number, message: RegExp) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    };
    await refused(await post("{not json", json), 400, /not valid JSON/);
    await refused(
      await post(JSON.stringify({ resourceSpans: {} }), json),
      400,
      /resourceSpans must be a list/,
    );
    await refused(
      await post(
        JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "xyz" }] }] }] }),
        json,
      ),
      400,
      /traceId must be 32 hexadecimal characters/,
    );
    await refused(
      await post(new Uint8Array([0xff, 0xff, 0xff]), { "content-type": "application/x-protobuf" }),
      400,
      /not a valid OTLP protobuf/,
    );
    await refused(await post("x", { "content-type": "text/plain" }), 415, /x-protobuf or application\/json/);
    await refused(await post("not gzip", { ...json, "content-encoding": "gzip" }), 400, /not valid gzip/);
    await refused(
      await post(gzipSync(Buffer.alloc(40 * 2 ** 20, 32)), { ...json, "content-encoding": "gzip" }),
      413,
      /at most/,
    );
    const withKey = (key: string) =>
      POST(
        new Request(url, {
          method: "POST",
          body: "{}",
          headers: { ...json, authorization: `Bearer ${key}` },
        }),
      );
    await refused(await withKey("fd_unknown"), 401, /unknown or revoked/);
    await refused(await withKey(apiKey), 403, /ingest key/);
    // An ingest key opens nothing else.
    const asIngest = await me(
      new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${ingestKey}` } }),
      {
        params: Promise.resolve({}),
      },
    );
    await refused(asIngest, 403, /only sends traces/);
  });
});
