import { gzipSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/otlp/v1/traces/route";
import { runSteps, runs, spans, type ToolStepPayload } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { exportRequest, repeat } from "./testing/otlp-wire";

// Export requests no exporter sends on purpose, through the route and into PostgreSQL: the valid
// ones are stored whole, the ruinous ones refused before they cost anything.
const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Hostile Co");
const admin = await createMember(db, tenant, "admin");
const { key } = await createApiKey(db, admin, { name: "collector", purpose: "ingest" });

const post = (body: BodyInit, headers: Record<string, string>) =>
  POST(
    new Request("http://localhost/api/otlp/v1/traces", {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${key}`, ...headers },
    }),
  );

const json = { "content-type": "application/json" };
const nanos = (msAgo: number) => String(BigInt(Date.now() - msAgo) * 1_000_000n);
const text = (k: string, value: string) => ({ key: k, value: { stringValue: value } });

describe("OTLP ingest of odd and hostile requests", () => {
  it("stores a batch whose text PostgreSQL would refuse as sent: NULs, lone surrogates, emoji at a cut", async () => {
    const traceId = "1f".repeat(16);
    const span = (spanId: string, name: string, attributes: object[], parentSpanId?: string) => ({
      traceId,
      spanId,
      parentSpanId,
      name,
      startTimeUnixNano: nanos(60_000),
      endTimeUnixNano: nanos(30_000),
      attributes,
    });
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [text("service.name", "odd-bot")] },
          scopeSpans: [
            {
              spans: [
                span("a1".repeat(8), `${"a".repeat(999)}😀`, [
                  text(
                    "gen_ai.input.messages",
                    '[{"role":"user","parts":[{"type":"text","content":"Hi\\u0000"}]}]',
                  ),
                  { key: "blob", value: { bytesValue: "ab\u0000cd" } },
                ]),
                span(
                  "b2".repeat(8),
                  "execute_tool lookup",
                  [
                    text("gen_ai.operation.name", "execute_tool"),
                    text("gen_ai.tool.name", "lookup"),
                    text("gen_ai.tool.call.arguments", '{"order":"\\ud800"}'),
                    text("gen_ai.tool.call.result", '{"x":"\\u0000","y":"\\ud800"}'),
                  ],
                  "a1".repeat(8),
                ),
              ],
            },
          ],
        },
      ],
    };
    const response = await post(JSON.stringify(request), json);
    expect(response.status).toBe(200);
    const [run] = await db
      .select()
      .from(runs)
      .where(and(eq(runs.tenantId, tenant.id), eq(runs.traceId, traceId)));
    expect(run).toMatchObject({ status: "succeeded", input: "Hi\uFFFD", toolCalls: 1 });
    const [step] = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run?.id ?? ""));
    expect(step?.payload as ToolStepPayload).toMatchObject({
      toolName: "lookup",
      args: { order: "\uFFFD" },
      result: { x: "\uFFFD", y: "\uFFFD" },
    });
    const root = (
      await db
        .select()
        .from(spans)
        .where(eq(spans.runId, run?.id ?? ""))
    ).find((s) => s.parentSpanId === null);
    expect(root?.name).toBe("a".repeat(999));
    expect(root?.attributes).toMatchObject({ blob: "ab\uFFFDcd" });
  });

  it("refuses 32 KB of gzip that would decode to 16.7 million attributes, at once", async () => {
    const body = gzipSync(exportRequest(repeat([0x4a, 0x00], 16_700_000)));
    const response = await post(body, {
      "content-type": "application/x-protobuf",
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /spans\[0\] has more than 256 attributes/,
    );
  });

  it("refuses JSON of millions of empty objects with 413, at once", async () => {
    const body = gzipSync(`{"resourceSpans":[${"{},".repeat(10_000_000)}{}]}`);
    const response = await post(body, { ...json, "content-encoding": "gzip" });
    expect(response.status).toBe(413);
  });
});
