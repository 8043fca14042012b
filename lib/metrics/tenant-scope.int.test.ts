import { describe, expect, it } from "vitest";
import * as costRoute from "@/app/api/v1/metrics/cost/route";
import { toCostReportJson } from "@/app/api/v1/metrics/metrics-json";
import { memberships } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import * as q from "./queries";
import { RANGE, seedScenario, sum } from "./testing/metrics-scenario";

const { db } = await createTestDatabase();
const { tenant, viewer, other } = await seedScenario(db);
// The same person is also a member of the second tenant (as an operator there).
await db.insert(memberships).values({ tenantId: other.id, userId: viewer.id, role: "operator" });
const inOther = { ...viewer, tenantId: other.id, tenantName: other.name, role: "operator" as const };

const apiGet = (key: string, query: string) =>
  costRoute.GET(
    new Request(`http://localhost/api/v1/metrics/cost?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({}) },
  );

describe("cost over several tenants", () => {
  it("covers every tenant of a member of two with tenant=all; grouped by tenant it adds up to each tenant's own report", async () => {
    const mine = await q.getCostReport(db, viewer, RANGE);
    const theirs = await q.getCostReport(db, inOther, RANGE);
    const all = await q.getCostReport(db, viewer, { ...RANGE, tenant: "all", group_by: "tenant" });
    expect(all.tenants.map((t) => t.id).sort()).toEqual([tenant.id, other.id].sort());
    expect(all.summary.spendUsd).toBeCloseTo(mine.summary.spendUsd + theirs.summary.spendUsd, 9);
    expect(all.summary.runs).toBe(mine.summary.runs + theirs.summary.runs);
    expect(all.summary.unpricedRuns).toBe(mine.summary.unpricedRuns + theirs.summary.unpricedRuns);

    expect(all.perDay.groupBy).toBe("tenant");
    expect(all.perDay.keys).toEqual([tenant.name, other.name].sort());
    for (const [i, d] of all.perDay.days.entries()) {
      const a = mine.perDay.days[i]?.totalUsd ?? 0;
      const b = theirs.perDay.days[i]?.totalUsd ?? 0;
      expect(d.totalUsd).toBeCloseTo(a + b, 9);
      expect(d.byKey[tenant.name] ?? 0).toBeCloseTo(a, 9);
      expect(d.byKey[other.name] ?? 0).toBeCloseTo(b, 9);
    }
    expect(sum(all.perDay.days.map((d) => d.totalUsd))).toBeCloseTo(all.summary.spendUsd, 9);

    // The per-agent table keeps each tenant's agents apart and names the tenant.
    const rows = all.byAgent.map((r) => [r.tenant, r.agent, r.totalUsd]);
    const expected = [
      ...mine.byAgent.map((r) => [tenant.name, r.agent, r.totalUsd]),
      ...theirs.byAgent.map((r) => [other.name, r.agent, r.totalUsd]),
    ];
    expect(rows.sort()).toEqual(expected.sort());
    expect(all.topRuns[0]?.costUsd).toBe(100);
  });

  it("covers one other tenant the person belongs to, by id", async () => {
    const one = await q.getCostSummary(db, viewer, { ...RANGE, tenant: other.id });
    expect(one).toMatchObject({ spendUsd: 100, runs: 1 });
    const own = await q.getCostSummary(db, viewer, { ...RANGE, tenant: tenant.id });
    expect(own).toEqual(await q.getCostSummary(db, viewer, RANGE));
  });

  it("refuses a tenant the person is not a member of (404) and a malformed one (400)", async () => {
    const loner = await createMember(db, tenant, "viewer");
    await expect(q.getCostReport(db, loner, { ...RANGE, tenant: other.id })).rejects.toMatchObject({
      code: "not_found",
    });
    // tenant=all for a member of one tenant is just their tenant.
    const all = await q.getCostReport(db, loner, { ...RANGE, tenant: "all" });
    expect(all.tenants).toEqual([{ id: tenant.id, name: tenant.name }]);
    await expect(q.getCostReport(db, loner, { ...RANGE, tenant: "not-a-tenant" })).rejects.toThrow();
  });

  it("serves group_by=tenant over the API: an API key sees its own tenant only", async () => {
    const admin = await createMember(db, tenant, "admin");
    const { key } = await createApiKey(db, admin, { name: "dash", role: "viewer" });
    const res = await apiGet(key, "from=2026-03-01&to=2026-03-05&group_by=tenant&tenant=all");
    expect(res.status).toBe(200);
    const body = await res.json();
    const expected = await q.getCostReport(db, viewer, { ...RANGE, group_by: "tenant" });
    expect(body).toEqual(
      JSON.parse(
        JSON.stringify(toCostReportJson({ ...expected, filter: { ...expected.filter, tenant: "all" } })),
      ),
    );
    expect(body.per_day.keys).toEqual([tenant.name]);
    expect((await apiGet(key, `from=2026-03-01&to=2026-03-05&tenant=${other.id}`)).status).toBe(404);
    expect((await apiGet(key, "tenant=everything")).status).toBe(400);
    expect((await apiGet(key, `tenant=${tenant.id}&group_by=tenant`)).status).toBe(200);
  });
});
