import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Run } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { resetEnvCache } from "@/lib/env";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { flushOtlpExport, resetOtlpExport } from "./otlp-export";
import { startFakeCollector } from "./testing/fake-collector";
import { readTraceSpans } from "./trace-spans";

const { db } = await createTestDatabase();
const collector = await startFakeCollector();

beforeAll(async () => {
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.endpoint;
  resetEnvCache();
  await resetOtlpExport();
});
afterAll(async () => {
  await resetOtlpExport();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  resetEnvCache();
  await collector.close();
});

const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/**
 * Every span of the run's trace (stored or read back from its steps) reached the collector exactly
 * once, as the trace reads, root last.
 */
async function expectExportedOnce(run: Run) {
  await flushOtlpExport();
  const stored = await readTraceSpans(db, run);
  const received = collector.spans.filter((s) => s.traceId === run.traceId);
  expect(received.map((s) => s.spanId).sort()).toEqual(stored.map((s) => s.spanId).sort());
  for (const row of stored) {
    const got = received.find((s) => s.spanId === row.spanId);
    expect(got, row.name).toMatchObject({
      name: row.name,
      startTimeUnixNano: String(row.startTime.getTime() * 1e6),
      endTimeUnixNano: String((row.endTime?.getTime() ?? Number.NaN) * 1e6),
      status: { code: STATUS_CODE[row.status] },
    });
    expect(got?.parentSpanId || null).toBe(row.parentSpanId);
    expect(got?.attributes).toEqual(row.attributes);
  }
  const root = received.at(-1);
  expect(root?.parentSpanId).toBeFalsy();
  expect(root?.attributes).toMatchObject({ "flightdeck.run.status": run.status });
  return { stored, received };
}

describe("exporting a run's trace over OTLP", () => {
  it("sends every span of a completed run once, each when final", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
    });
    expect(run).toMatchObject({ status: "succeeded", model: "sim:default" });
    const { stored, received } = await expectExportedOnce(run);
    expect(stored.filter((s) => s.name.startsWith("step ")).length).toBeGreaterThan(1);
    expect(stored.some((s) => s.name.startsWith("execute_tool "))).toBe(true);
    expect(received.at(-1)?.status.code).toBe(STATUS_CODE.ok);
    expect(received.find((s) => s.name.startsWith("chat "))?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "flightdeck.simulator",
    });
  });

  it("sends the last turn and the root span of a run ended without a step", async () => {
    const { operator } = await demoTenant(db);
    const looping = await runToEnd(db, testEngine(db), operator, {
      agent: "ops-health",
      input: "check the health",
      model: "sim:looping",
    });
    expect(looping).toMatchObject({ status: "stopped", stopReason: "loop_detected" });
    const { received } = await expectExportedOnce(looping);
    expect(received.at(-1)?.status.code).toBe(STATUS_CODE.error);

    const noKey = await runToEnd(db, testEngine(db), operator, {
      agent: "ops-health",
      input: "check",
      model: "openai:gpt-5-mini",
    });
    expect(noKey).toMatchObject({ status: "failed", stopReason: "invalid_input" });
    expect((await expectExportedOnce(noKey)).received).toHaveLength(1);
  });
});
