import { describe, expect, it } from "vitest";
import * as costRoute from "@/app/api/v1/metrics/cost/route";
import { toCostReportJson, toOpsReportJson } from "@/app/api/v1/metrics/metrics-json";
import * as opsRoute from "@/app/api/v1/metrics/ops/route";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { AppError } from "@/lib/errors";
import * as q from "./queries";
import { O, percentile, priced, RANGE, seedScenario, sum, T, terminal } from "./testing/metrics-scenario";

const { db } = await createTestDatabase();
const { tenant, viewer, other, inRange } = await seedScenario(db);

describe("cost metrics", () => {
  it("sums spend, runs and success over the range, counting unpriced runs apart", async () => {
    const s = await q.getCostSummary(db, viewer, RANGE);
    const spend = sum(priced(inRange));
    const succeeded = inRange.filter((f) => f.status === "succeeded").length;
    expect(s).toEqual({
      spendUsd: spend,
      runs: inRange.length,
      finished: inRange.filter(terminal).length,
      succeeded,
      unpricedRuns: 1,
      successRate: succeeded / inRange.filter(terminal).length,
      costPerSuccessUsd: spend / succeeded,
    });
  });

  it("gives every day of the range, zero-filled, stacked by agent or by model", async () => {
    const byAgent = await q.getCostPerDay(db, viewer, RANGE);
    expect(byAgent.keys).toEqual([O, T]);
    expect(byAgent.days.map((d) => d.day)).toEqual([
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
    ]);
    for (const d of byAgent.days) {
      const day = inRange.filter((f) => f.at.startsWith(d.day));
      expect(d.totalUsd).toBeCloseTo(sum(priced(day)), 9);
      expect(d.unpricedRuns).toBe(day.filter((f) => f.cost === null).length);
      for (const agent of [O, T]) {
        const cost = priced(day.filter((f) => f.agent === agent));
        expect(d.byKey[agent]).toBe(
          cost.length || day.some((f) => f.agent === agent) ? sum(cost) : undefined,
        );
      }
    }
    const byModel = await q.getCostPerDay(db, viewer, { ...RANGE, group_by: "model" });
    expect(byModel.keys).toEqual(["sim:default", "sim:fast"]);
    expect(byModel.days[2]?.byKey).toEqual({ "sim:default": 2, "sim:fast": 0.5 });
  });

  it("computes per-agent percentiles over finished priced runs and cost per successful task", async () => {
    const rows = await q.getCostByAgent(db, viewer, RANGE);
    expect(rows.map((r) => r.agent)).toEqual([O, T]);
    for (const row of rows) {
      const mine = inRange.filter((f) => f.agent === row.agent);
      const finishedCosts = priced(mine.filter(terminal));
      const wins = mine.filter((f) => f.status === "succeeded").length;
      expect(row.runs).toBe(mine.length);
      expect(row.succeeded).toBe(wins);
      expect(row.totalUsd).toBeCloseTo(sum(priced(mine)), 9);
      expect(row.costPerSuccessUsd).toEqual(wins ? sum(priced(mine)) / wins : null);
      for (const [key, p] of [
        ["p50Usd", 0.5],
        ["p95Usd", 0.95],
        ["p99Usd", 0.99],
      ] as const) {
        const expected = percentile(finishedCosts, p);
        if (expected === null) expect(row[key]).toBeNull();
        else expect(row[key]).toBeCloseTo(expected, 9);
      }
    }
    expect(rows.find((r) => r.agent === O)?.costPerSuccessUsd).toBeNull();
  });

  it("lists the most expensive priced runs first", async () => {
    const top = await q.getTopRuns(db, viewer, RANGE);
    const expected = inRange.filter((f) => f.cost !== null).sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0));
    expect(top.map((r) => [r.id, r.costUsd])).toEqual(expected.map((f) => [f.id, f.cost]));
  });

  it("filters by agent and model, and never sees another tenant", async () => {
    expect((await q.getCostSummary(db, viewer, { ...RANGE, agent: O })).spendUsd).toBe(0.75);
    expect((await q.getCostSummary(db, viewer, { ...RANGE, model: "sim:default" })).runs).toBe(4);
    const stranger = await createMember(db, other, "viewer");
    const theirs = await q.getCostSummary(db, stranger, RANGE);
    expect(theirs).toMatchObject({ spendUsd: 100, runs: 1 });
    expect((await q.getToolErrors(db, stranger, RANGE)).map((t) => t.calls)).toEqual([1]);
  });

  it("validates the filter and defaults to the last 30 days", async () => {
    const d = await q.getCostPerDay(db, viewer, {});
    expect(d.days).toHaveLength(30);
    expect(d.days.at(-1)?.day).toBe(new Date().toISOString().slice(0, 10));
    await expect(q.getCostSummary(db, viewer, { from: "2026-03-05", to: "2026-03-01" })).rejects.toThrow();
    await expect(q.getCostSummary(db, viewer, { from: "yesterday" })).rejects.toThrow();
    const noRole = { ...viewer, role: "nobody" as never };
    await expect(q.getCostSummary(db, noRole, RANGE)).rejects.toBeInstanceOf(AppError);
  });

  it("serves the same numbers over the API", async () => {
    const admin = await createMember(db, tenant, "admin");
    const { key } = await createApiKey(db, admin, { name: "dash", role: "viewer" });
    const get = (route: typeof costRoute, query: string) =>
      route.GET(
        new Request(`http://localhost/api/v1/metrics/x?${query}`, {
          headers: { authorization: `Bearer ${key}` },
        }),
        { params: Promise.resolve({}) },
      );
    const cost = await get(costRoute, "from=2026-03-01&to=2026-03-05&group_by=model");
    expect(cost.status).toBe(200);
    const expected = await q.getCostReport(db, viewer, { ...RANGE, group_by: "model" });
    const body = await cost.json();
    expect(body).toEqual(JSON.parse(JSON.stringify(toCostReportJson(expected))));
    expect(body.summary.spend_usd).toBe(expected.summary.spendUsd);
    expect(body.per_day.group_by).toBe("model");
    const ops = await get(opsRoute, "from=2026-03-01&to=2026-03-05");
    expect(await ops.json()).toEqual(
      JSON.parse(JSON.stringify(toOpsReportJson(await q.getOpsReport(db, viewer, RANGE)))),
    );
    const bad = await get(costRoute, "from=2026-03-05&to=2026-03-01");
    expect(bad.status).toBe(400);
  });
});
