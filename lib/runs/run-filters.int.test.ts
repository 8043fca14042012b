import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { insertRuns } from "@/lib/metrics/testing/insert-runs";
import { listRuns } from "./queries";

const { db } = await createTestDatabase();
const NOW = new Date("2026-03-10T00:05:00Z");
const T = "support-triage";
const ended = { stopReason: "completed" as const, cost: 0, seconds: 5 };

const tenant = await createTenant(db);
await seedDemoBusiness(db, tenant.id);
const viewer = await createMember(db, tenant, "viewer");
const [failed23h, failed25h, refusedClean, invalidOnly, clean, killed] = await insertRuns(db, tenant.id, [
  { agent: T, status: "failed", ...ended, stopReason: "tool_failed", at: "2026-03-09T01:05:00Z" },
  { agent: T, status: "failed", ...ended, stopReason: "tool_failed", at: "2026-03-08T23:05:00Z" },
  { agent: T, status: "succeeded", ...ended, at: "2026-03-09T10:00:00Z", securityAttempts: 2 },
  { agent: T, status: "succeeded", ...ended, at: "2026-03-09T11:00:00Z", invalidCalls: 1 },
  { agent: T, status: "succeeded", ...ended, at: "2026-03-09T12:00:00Z" },
  { agent: T, status: "killed", ...ended, stopReason: "killed", at: "2026-03-09T23:48:00Z" },
]);
const other = await createTenant(db);
await seedDemoBusiness(db, other.id);
await insertRuns(db, other.id, [
  { agent: T, status: "succeeded", ...ended, at: "2026-03-09T12:00:00Z", securityAttempts: 1 },
]);

const ids = async (filter: Parameters<typeof listRuns>[2], now = NOW) =>
  (await listRuns(db, viewer, filter, now)).runs.map((r) => r.id);

describe("the runs list's filters", () => {
  it("`last=24h` is a rolling window back from now, across UTC midnight", async () => {
    expect(await ids({ last: "24h" })).toEqual([killed, clean, invalidOnly, refusedClean, failed23h]);
    expect(await ids({ last: "24h", status: "failed" })).toEqual([failed23h]);
    expect(await ids({ last: "1h" })).toEqual([killed]);
    expect(await ids({ last: "24h" }, new Date("2026-03-10T02:00:00Z"))).not.toContain(failed23h);
  });

  it("`refused=1` keeps runs with any refused call, out of bounds or invalid, whatever their end", async () => {
    expect(await ids({ refused: "1" })).toEqual([invalidOnly, refusedClean]);
    expect(await ids({ refused: "1", status: "succeeded" })).toEqual([invalidOnly, refusedClean]);
    expect(await ids({ flagged: "1" })).toEqual([refusedClean]);
  });

  it("`status=unsuccessful` groups failed, stopped, killed and unverified runs", async () => {
    expect(await ids({ status: "unsuccessful" })).toEqual([killed, failed23h, failed25h]);
  });

  it("reads the refused runs through their partial index", async () => {
    // A tenant's refused runs, newest first, as listRuns asks for them (the table is tiny here).
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute(sql`explain select id from runs where tenant_id = ${tenant.id}
        and (security_attempts > 0 or invalid_calls > 0)
        order by created_at desc nulls last, id desc nulls last limit 51`);
    });
    expect(JSON.stringify(plan)).toContain("runs_tenant_refused_idx");
  });
});
