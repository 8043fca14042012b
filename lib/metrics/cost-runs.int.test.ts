import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { TERMINAL_STATUSES } from "@/db/schema/runs";
import { createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { insertRuns } from "./testing/insert-runs";

const { db } = await createTestDatabase();
const tenant = await createTenant(db);
await seedDemoBusiness(db, tenant.id);

describe("a run's settled cost (the dashboards' index)", () => {
  it("is null while the run is under way and its cost once it has ended; a step's update stays heap-only", async () => {
    const [id] = await insertRuns(db, tenant.id, [
      { agent: "support-triage", status: "running", cost: 0.5, at: "2026-03-04T12:00:00Z" },
    ]);
    const settled = async () =>
      (
        await db.execute<{ c: number | null }>(
          sql`select settled_cost_usd::float8 as c from runs where id = ${id}`,
        )
      )[0]?.c;
    expect(await settled()).toBeNull();
    // A model step adds to the cost: no indexed column changes, so the row is updated in place.
    const hot = await db.transaction(async (tx) => {
      await tx.execute(
        sql`update runs set cost_usd = cost_usd + 0.25, last_seq = last_seq + 1 where id = ${id}`,
      );
      const [row] = await tx.execute<{ hot: number }>(
        sql`select pg_stat_get_xact_tuples_hot_updated('runs'::regclass)::int as hot`,
      );
      return row?.hot;
    });
    expect(hot).toBe(1);
    await db.execute(sql`update runs set status = 'succeeded' where id = ${id}`);
    expect(await settled()).toBe(0.75);
    await db.execute(sql`update runs set cost_usd = null where id = ${id}`);
    expect(await settled()).toBeNull();
  });

  it("counts as ended exactly the statuses from 'succeeded' on, in the database's enum order", async () => {
    const [row] = await db.execute<{ statuses: string }>(
      sql`select enum_range('succeeded'::run_status, null)::text as statuses`,
    );
    expect(row?.statuses.slice(1, -1).split(",").sort()).toEqual([...TERMINAL_STATUSES].sort());
  });
});
