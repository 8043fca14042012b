import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { connect, type Database } from "@/db/client";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { approvals, runs, TERMINAL_STATUSES } from "@/db/schema";
import { startRun } from "@/lib/runs/start-run";
import { RunWorker } from "@/lib/worker/worker";
import { demoTenant, testEngine } from "./testing/engine-harness";

// This file restarts a PostgreSQL of its own, whichever database the other files run on, so it
// runs in one project only.
const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-restart-"));
let embedded: EmbeddedDatabase | undefined;
let database: Database | undefined;

afterAll(async () => {
  await database?.close().catch(() => {});
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(25);
  }
}

describe("a worker across a PostgreSQL restart", () => {
  it("survives it, claims again within 2 s of the database's return and finishes every run", async ({
    task,
    skip,
  }) => {
    if (task.file.projectName !== "embedded") skip();
    embedded = await startEmbeddedPostgres(dir);
    const { port, password } = new URL(embedded.url);
    await runMigrations(embedded.url);
    database = connect(embedded.url);
    const { db, sql } = database;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    const { operator } = await demoTenant(db);
    const worker = new RunWorker(testEngine(db, { leaseSeconds: 2 }), sql, { concurrency: 50 });
    await worker.start();
    try {
      const start = () =>
        startRun(db, operator, {
          agent: "ops-health",
          input: "Check the app's health",
          model: "sim:default:20",
        });
      // Three restarts while runs commit steps, so the driver has writes queued on its connections.
      const ids: string[] = [];
      const firstClaimsMs: number[] = [];
      for (let restart = 0; restart < 3; restart++) {
        for (let i = 0; i < 15; i++) ids.push((await start()).id);
        await sleep(300);
        await embedded.stop();
        await sleep(1000);
        embedded = await startEmbeddedPostgres(dir, {
          port: Number(port),
          password: decodeURIComponent(password),
        });
        const back = Date.now();
        const after = await waitForValue(() => start(), 10_000);
        ids.push(after.id);
        await waitFor(
          async () => (await db.select().from(runs).where(eq(runs.id, after.id)))[0]?.status !== "queued",
          10_000,
        );
        firstClaimsMs.push(Date.now() - back);
      }
      // The median restart within the 2 s target; on a busy 2-core test machine one may take longer.
      const sorted = [...firstClaimsMs].sort((x, y) => x - y);
      expect(sorted[1], `first claims: ${firstClaimsMs.join(", ")} ms`).toBeLessThanOrEqual(2000);
      expect(Math.max(...firstClaimsMs)).toBeLessThanOrEqual(6000);

      // Every run ends, or waits for a person.
      const settled = [...TERMINAL_STATUSES, "waiting_approval" as const];
      await waitFor(
        async () =>
          (
            await db
              .select({ n: count() })
              .from(runs)
              .where(and(inArray(runs.id, ids), inArray(runs.status, settled)))
          )[0]?.n === ids.length,
        60_000,
      );
      const unfinished = await db
        .select({ status: runs.status, stopReason: runs.stopReason, error: runs.error, kind: approvals.kind })
        .from(runs)
        .leftJoin(approvals, and(eq(approvals.runId, runs.id), eq(approvals.status, "pending")))
        .where(and(inArray(runs.id, ids), ne(runs.status, "succeeded")));
      // Waiting for a person is an outcome, not a loss: a write cut off mid-call (reconcile), or a
      // note that policy wants a person to approve overwriting (many runs write the same file).
      expect(unfinished.filter((r) => r.status !== "waiting_approval" || r.kind === null)).toEqual([]);
      expect(unfinished.length).toBeLessThan(ids.length);
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await worker.stop();
    }
  }, 120_000);
});

/** The first value `attempt` gives within the time: requests fail while connections come back. */
async function waitForValue<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}
