import { spawn } from "node:child_process";
import path from "node:path";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoOutbox, demoRefunds, runSteps, runs, TERMINAL_STATUSES } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant, testEngine } from "@/lib/runtime/testing/engine-harness";
import { RunWorker } from "./worker";

const database = await createTestDatabase();
const { db } = database;

// Shorter than the tests' own timeouts, so a slow run still reaches its `finally` and stops its
// workers before the next test starts (a worker left running would claim that test's run).
async function waitFor(check: () => Promise<boolean>, timeoutMs = 75_000, explain?: () => Promise<string>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting${explain ? `: ${await explain()}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ended = async (ids: string[]) =>
  (
    await db
      .select({ n: count() })
      .from(runs)
      .where(and(inArray(runs.id, ids), inArray(runs.status, [...TERMINAL_STATUSES])))
  )[0]?.n === ids.length;

// What a timed-out wait reports: where each unfinished run stands, so a slow machine's failure says why.
async function unfinished(ids: string[]): Promise<string> {
  const rows = await db.select().from(runs).where(inArray(runs.id, ids));
  const open = rows.filter((r) => !(TERMINAL_STATUSES as readonly string[]).includes(r.status));
  return JSON.stringify(
    open.map((r) => ({
      status: r.status,
      lastSeq: r.lastSeq,
      fencingToken: r.fencingToken,
      leaseOwner: r.leaseOwner,
      leaseExpiresAt: r.leaseExpiresAt,
    })),
  );
}

describe("run workers", () => {
  it("share the queue: two workers finish 20 runs, each claimed once, no step doubled", async () => {
    const { operator } = await demoTenant(db);
    const workers = [1, 2].map(
      () => new RunWorker(testEngine(db), database.sql, { concurrency: 5, pollMs: 200 }),
    );
    await Promise.all(workers.map((w) => w.start()));
    try {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++)
        ids.push((await startRun(db, operator, { agent: "ops-health", input: "Check the app's health" })).id);
      await waitFor(
        () => ended(ids),
        undefined,
        () => unfinished(ids),
      );
      const rows = await db.select().from(runs).where(inArray(runs.id, ids));
      expect(rows.map((r) => r.status)).toEqual(Array(20).fill("succeeded"));
      expect(rows.map((r) => r.fencingToken)).toEqual(Array(20).fill(1));
      expect(new Set(rows.map((r) => r.toolCalls))).toEqual(new Set([4]));
      const steps = await db.select({ n: count() }).from(runSteps).where(inArray(runSteps.runId, ids));
      expect(steps[0]?.n).toBe(rows.reduce((sum, r) => sum + r.lastSeq, 0));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  }, 100_000);

  it("resumes a run after its process is killed with SIGKILL, without doubling any effect", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await startRun(db, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      model: "sim:default:400",
    });
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", workerScript], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: database.url, FLIGHTDECK_LEASE_SECONDS: "2" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    try {
      // Kill it once the refund is committed and before the run ends.
      await waitFor(
        async () => ((await db.select().from(runs).where(eq(runs.id, run.id)))[0]?.lastSeq ?? 0) >= 7,
      );
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    const [interrupted] = await db.select().from(runs).where(eq(runs.id, run.id));
    expect(interrupted?.status).toBe("running");

    const survivor = new RunWorker(testEngine(db, { leaseSeconds: 2 }), database.sql, {
      concurrency: 2,
      pollMs: 200,
    });
    await survivor.start();
    try {
      await waitFor(() => ended([run.id]));
    } finally {
      await survivor.stop();
    }
    const [finished] = await db.select().from(runs).where(eq(runs.id, run.id));
    expect(finished).toMatchObject({ status: "succeeded", stopReason: "completed" });
    expect(finished?.fencingToken).toBeGreaterThan(interrupted?.fencingToken ?? 0);
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(1);
    expect(await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId))).toHaveLength(1);
    await db.execute(sql`select 1`);
  }, 180_000);
});

// A worker process of its own, as `npm run worker` would run, against the test database.
const workerScript = `
  import { connect } from "./db/client.ts";
  import { engineConfigFromEnv } from "./lib/runtime/engine-config.ts";
  import { RunWorker } from "./lib/worker/worker.ts";
  const database = connect(process.env.DATABASE_URL);
  const worker = new RunWorker(engineConfigFromEnv(database.db, "doomed-worker"), database.sql, { concurrency: 1, pollMs: 100 });
  await worker.start();
`;
