import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "./execute-run";
import { claimNextRun } from "./lease";
import { demoTenant, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

describe("claiming runs", () => {
  it("takes a run whose lease expired first, then queued runs oldest first, and never a live lease", async () => {
    const { operator } = await demoTenant(db);
    const start = () => startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
    const first = await start();
    const second = await start();
    const third = await start();

    const claimedFirst = await claimNextRun(db, "worker-a", 30);
    expect(claimedFirst?.id).toBe(first.id);
    expect(claimedFirst?.fencingToken).toBe(1);
    // worker-a dies: its lease runs out while newer runs wait.
    await db
      .update(runs)
      .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(runs.id, first.id));

    const resumed = await claimNextRun(db, "worker-b", 30);
    expect(resumed).toMatchObject({
      id: first.id,
      leaseOwner: "worker-b",
      fencingToken: 2,
      status: "running",
    });
    expect((await claimNextRun(db, "worker-b", 30))?.id).toBe(second.id);
    expect((await claimNextRun(db, "worker-b", 30))?.id).toBe(third.id);
    // Every run is leased and its lease is live: nothing to take.
    expect(await claimNextRun(db, "worker-c", 30)).toBeNull();
  });

  it("a process that lost its run stops at once: its model call in flight is dropped, nothing is committed", async () => {
    const { operator } = await demoTenant(db);
    const started = await startRun(db, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
      model: "sim:default:8000",
    });
    const run = await claimNextRun(db, "worker-a", 1);
    if (!run) throw new Error("nothing claimed");
    const began = Date.now();
    const executing = executeRun(testEngine(db, { leaseSeconds: 1 }), run, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Another worker takes the run over (its process seemed dead).
    await db
      .update(runs)
      .set({ fencingToken: sql`${runs.fencingToken} + 1`, leaseOwner: "worker-b" })
      .where(eq(runs.id, started.id));
    await executing;
    expect(Date.now() - began).toBeLessThan(3_000);
    const [after] = await db.select().from(runs).where(eq(runs.id, started.id));
    expect(after).toMatchObject({ lastSeq: 0, leaseOwner: "worker-b", status: "running" });
  });
});
