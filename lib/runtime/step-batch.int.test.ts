import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runSteps, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { claimNextRun } from "./lease";
import { commitStep } from "./persist-step";
import { demoTenant, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

const toolStep = (seq: number, result: unknown) => {
  const now = new Date();
  return {
    seq,
    turn: 1,
    kind: "tool" as const,
    costUsd: null,
    startedAt: now,
    endedAt: now,
    payload: {
      toolCallId: `c${seq}`,
      toolName: "get_ticket",
      args: {},
      status: "ok" as const,
      result,
      receipt: null,
      idempotencyKey: "k",
    },
  };
};

/** `count` new runs of a fresh demo tenant, each claimed by this test as a worker would. */
async function claimedRuns(count: number) {
  const { operator } = await demoTenant(db);
  const engine = testEngine(db);
  const claimed = [];
  for (let i = 0; i < count; i++) {
    await startRun(db, operator, { agent: "ops-health", input: `check ${i}` });
    const run = await claimNextRun(db, engine.owner, 30);
    if (run) claimed.push(run);
  }
  return claimed;
}

describe("group commit of steps", () => {
  it("commits concurrent runs' steps together, and one bad step fails alone", async () => {
    const claimed = await claimedRuns(3);
    const [good, bad, alsoGood] = claimed;
    if (!good || !bad || !alsoGood) throw new Error("claims failed");
    const outcomes = await Promise.allSettled([
      commitStep(db.$client, {
        run: good,
        step: toolStep(1, { ok: 1 }),
        totals: { toolCalls: 1 },
        newSpans: [],
      }),
      // PostgreSQL refuses \\u0000 in jsonb text: this step cannot be stored.
      commitStep(db.$client, {
        run: bad,
        step: toolStep(1, { text: "nul \u0000 here" }),
        totals: { toolCalls: 1 },
        newSpans: [],
      }),
      commitStep(db.$client, {
        run: alsoGood,
        step: toolStep(1, { ok: 3 }),
        totals: { toolCalls: 1 },
        newSpans: [],
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    for (const run of [good, alsoGood]) {
      expect(await db.select().from(runSteps).where(eq(runSteps.runId, run.id))).toHaveLength(1);
      const [row] = await db.select().from(runs).where(eq(runs.id, run.id));
      expect(row).toMatchObject({ lastSeq: 1, toolCalls: 1 });
    }
    expect(await db.select().from(runSteps).where(eq(runSteps.runId, bad.id))).toHaveLength(0);
  });

  it("queues steps behind the statements in flight, so they share a few transactions under load", async () => {
    const claimed = await claimedRuns(30);
    // Every write transaction takes a transaction id: the id counter counts them.
    const xid = async () => Number((await db.$client`select pg_current_xact_id()::text as x`)[0]?.x);
    const before = await xid();
    const commits = [];
    // One step per tick, as runs finishing at different moments submit them.
    for (const [i, run] of claimed.entries()) {
      commits.push(
        commitStep(db.$client, { run, step: toolStep(1, { ok: i }), totals: { toolCalls: 1 }, newSpans: [] }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(commits);
    const transactions = (await xid()) - before - 1;
    expect(transactions).toBeLessThanOrEqual(10);
    for (const run of claimed) {
      const [row] = await db.select().from(runs).where(eq(runs.id, run.id));
      expect(row).toMatchObject({ lastSeq: 1, toolCalls: 1 });
    }
  });

  it("commits through connections of its own: a shared pool with no connection free does not hold it up", async () => {
    const [run] = await claimedRuns(1);
    if (!run) throw new Error("claim failed");
    // The test database's pool has five connections: take them all, as long reads would.
    const held = await Promise.all(Array.from({ length: 5 }, () => db.$client.reserve()));
    try {
      const committed = commitStep(db.$client, {
        run,
        step: toolStep(1, { ok: 1 }),
        totals: { toolCalls: 1 },
        newSpans: [],
      }).then(() => "committed");
      const late = new Promise((resolve) => setTimeout(() => resolve("waiting for the pool"), 2_000));
      expect(await Promise.race([committed, late])).toBe("committed");
    } finally {
      for (const connection of held) connection.release();
    }
    const [row] = await db.select().from(runs).where(eq(runs.id, run.id));
    expect(row).toMatchObject({ lastSeq: 1, toolCalls: 1 });
  });

  it("refuses a step from a process whose lease was taken over", async () => {
    const { operator } = await demoTenant(db);
    await startRun(db, operator, { agent: "ops-health", input: "check" });
    const run = await claimNextRun(db, testEngine(db).owner, 30);
    if (!run) throw new Error("claim failed");
    await db
      .update(runs)
      .set({ fencingToken: run.fencingToken + 1 })
      .where(eq(runs.id, run.id));
    await expect(
      commitStep(db.$client, { run, step: toolStep(1, {}), totals: {}, newSpans: [] }),
    ).rejects.toMatchObject({ name: "LeaseLostError" });
  });
});
