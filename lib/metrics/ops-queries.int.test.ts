import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/testing/test-database";
import * as q from "./queries";
import { percentile, RANGE, seedScenario } from "./testing/metrics-scenario";

const { db } = await createTestDatabase();
const { viewer, inRange } = await seedScenario(db);

describe("operations metrics", () => {
  it("breaks runs down by status and stop reason, and tokens by kind per day", async () => {
    const { byStatus, byStopReason } = await q.getStatusBreakdown(db, viewer, RANGE);
    expect(byStatus).toEqual([
      { key: "succeeded", runs: 3 },
      { key: "failed", runs: 1 },
      { key: "running", runs: 1 },
      { key: "stopped", runs: 1 },
    ]);
    expect(byStopReason).toEqual([
      { key: "completed", runs: 3 },
      { key: "budget_steps", runs: 1 },
      { key: "tool_failed", runs: 1 },
    ]);
    expect(await q.getStopReasonsPerDay(db, viewer, RANGE)).toEqual([
      { day: "2026-03-01", counts: { completed: 1, tool_failed: 1 } },
      { day: "2026-03-02", counts: {} },
      { day: "2026-03-03", counts: { budget_steps: 1, completed: 2 } },
      { day: "2026-03-04", counts: {} },
      { day: "2026-03-05", counts: {} },
    ]);
    // Per day adds up to the breakdown (runs still going have no stop reason yet).
    const perReason = new Map<string, number>();
    for (const d of await q.getStopReasonsPerDay(db, viewer, RANGE))
      for (const [k, v] of Object.entries(d.counts)) perReason.set(k, (perReason.get(k) ?? 0) + v);
    expect(Object.fromEntries(perReason)).toEqual(
      Object.fromEntries(byStopReason.map((c) => [c.key, c.runs])),
    );
    const tokens = await q.getTokensPerDay(db, viewer, RANGE);
    expect(tokens).toHaveLength(5);
    expect(tokens[0]).toEqual({ day: "2026-03-01", input: 300, cachedInput: 10, output: 70, reasoning: 5 });
    expect(tokens[1]).toEqual({ day: "2026-03-02", input: 0, cachedInput: 0, output: 0, reasoning: 0 });
    expect(tokens[2]).toEqual({ day: "2026-03-03", input: 7, cachedInput: 0, output: 3, reasoning: 1 });
  });

  it("rates tool errors per tool and gives latency percentiles", async () => {
    expect(await q.getToolErrors(db, viewer, RANGE)).toEqual([
      { tool: "send_email", calls: 1, errors: 1, errorRate: 1 },
      { tool: "lookup", calls: 2, errors: 1, errorRate: 0.5 },
    ]);
    const lat = await q.getLatency(db, viewer, RANGE);
    const runSeconds = inRange.flatMap((f) => (f.seconds === undefined ? [] : [f.seconds * 1000]));
    expect(lat).toEqual([
      {
        kind: "model_call",
        count: 2,
        p50Ms: percentile([2000, 4000], 0.5),
        p95Ms: percentile([2000, 4000], 0.95),
      },
      { kind: "tool_call", count: 3, p50Ms: 1000, p95Ms: percentile([500, 1000, 3000], 0.95) },
      {
        kind: "run",
        count: runSeconds.length,
        p50Ms: percentile(runSeconds, 0.5),
        p95Ms: percentile(runSeconds, 0.95),
      },
    ]);
  });
});
