import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { insertRuns } from "@/lib/metrics/testing/insert-runs";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { listRuns } from "./queries";

const { db } = await createTestDatabase();
const engine = testEngine(db);

describe("searching runs", () => {
  it("finds runs by words of their goal or final answer, in the tenant only, for roles that read goals", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const refund = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
    });
    const lookup = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Look up ticket T-1001",
    });
    expect(refund.output).toMatch(/Refunded \$42\.00 on O-5005/);
    const other = await demoTenant(db);
    await runToEnd(db, engine, other.operator, { agent: "support-triage", input: "Resolve ticket T-1005" });

    const found = async (q: string) => (await listRuns(db, operator, { q })).runs.map((r) => r.id);
    expect(await found("T-1005")).toEqual([refund.id]);
    // A word of the answer only: the goal never named the order.
    expect(await found("o-5005 refunded")).toEqual([refund.id]);
    expect((await found("ticket")).sort()).toEqual([refund.id, lookup.id].sort());
    expect(await found("ticket -t-1005")).toEqual([lookup.id]);
    expect(await found('"look up ticket"')).toEqual([lookup.id]);
    expect(await found("nothing-like-this")).toEqual([]);
    // Odd input is searched for, never an error: quotes, operators, NUL-free punctuation.
    expect(await found('"unclosed ( & | !')).toEqual([]);

    // A changed answer is searched as it is now.
    await db.update(runs).set({ output: "Escalated to the night shift." }).where(eq(runs.id, lookup.id));
    expect(await found("night shift")).toEqual([lookup.id]);

    const viewer = await createMember(db, { id: tenantId, name: operator.tenantName }, "viewer");
    await expect(listRuns(db, viewer, { q: "ticket" })).rejects.toMatchObject({
      code: "forbidden",
      field: "q",
    });
    await expect(listRuns(db, operator, { q: "x".repeat(201) })).rejects.toThrow(/under 200 characters/);
  });

  it("pages through a word more than a thousand runs share, newest first, without gaps", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const fixtures = Array.from({ length: 1_205 }, (_, i) => ({
      agent: "support-triage",
      status: "succeeded" as const,
      stopReason: "completed" as const,
      cost: 0,
      seconds: 1,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      input: i % 10 === 9 ? `other ${i}` : `common word ${i}`,
    }));
    const ids = await insertRuns(db, tenantId, fixtures);
    const expected = ids.filter((_, i) => i % 10 !== 9).reverse();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(db, operator, { q: "common", limit: 200, cursor });
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect((await listRuns(db, operator, { q: "other 1199" })).runs.map((r) => r.id)).toEqual([ids[1199]]);
    // 1,205 runs written first: beside the rest of the suite on two busy cores that took over 20 s once.
  }, 60_000);
});
