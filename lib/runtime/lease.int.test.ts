import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "./execute-run";
import { claimNextRun, claimRuns } from "./lease";
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

  it("fills several slots in one statement: expired leases first, then queued runs oldest first, none twice", async () => {
    const { operator } = await demoTenant(db);
    const start = () => startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
    const dead = await start();
    await claimNextRun(db, "worker-a", 30);
    await db
      .update(runs)
      .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(runs.id, dead.id));
    const queued = [await start(), await start(), await start()];

    const firstTwo = await claimRuns(db, "worker-b", 30, 2);
    expect(firstTwo.map((r) => r.id).sort()).toEqual([dead.id, queued[0]?.id].sort());
    expect(firstTwo.every((r) => r.leaseOwner === "worker-b" && r.status === "running")).toBe(true);
    expect(firstTwo.find((r) => r.id === dead.id)?.fencingToken).toBe(2);
    // Two workers asking for more than is left share what is left, neither taking a run twice.
    const [b, c] = await Promise.all([claimRuns(db, "worker-b", 30, 5), claimRuns(db, "worker-c", 30, 5)]);
    expect([...(b ?? []), ...(c ?? [])].map((r) => r.id).sort()).toEqual(
      [queued[1]?.id, queued[2]?.id].sort(),
    );
    expect(await claimRuns(db, "worker-d", 30, 5)).toEqual([]);
    expect(await claimRuns(db, "worker-d", 30, 0)).toEqual([]);
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
