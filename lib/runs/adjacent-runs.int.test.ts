import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { adjacentRuns } from "./adjacent-runs";
import { listRuns } from "./queries";
import { startRun } from "./start-run";

const { db } = await createTestDatabase();

describe("adjacentRuns", () => {
  it("follows the runs list's order, newest first, runs of the same instant included, in the tenant only", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const started = [];
    for (const input of ["a", "b", "c", "d"])
      started.push(await startRun(db, operator, { agent: "ops-health", input }));
    // Two runs of the same instant: the list orders them by id, and so must the links.
    const [, b, c] = started;
    if (!b || !c) throw new Error("runs missing");
    await db.execute(
      sql`update runs set created_at = (select created_at from runs where id = ${b.id}) where id = ${c.id}`,
    );
    const stranger = await demoTenant(db);
    await startRun(db, stranger.operator, { agent: "ops-health", input: "elsewhere" });

    const order = (await listRuns(db, operator, {})).runs.map((r) => r.id);
    expect(order).toHaveLength(4);
    for (const [i, id] of order.entries()) {
      expect(await adjacentRuns(db, operator, id)).toEqual({
        previous: order[i - 1] ?? null,
        next: order[i + 1] ?? null,
      });
    }
    // A viewer reads them too; another tenant's run has no neighbours here.
    const viewer = await createMember(db, { id: tenantId, name: "t" }, "viewer");
    expect((await adjacentRuns(db, viewer, order[1] ?? "")).previous).toBe(order[0]);
    const theirs = (await listRuns(db, stranger.operator, {})).runs[0]?.id ?? "";
    expect(await adjacentRuns(db, operator, theirs)).toEqual({ previous: null, next: null });
  });
});
