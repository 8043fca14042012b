import { describe, expect, it } from "vitest";
import { runChaos } from "./drill";
import { invariantsHold } from "./invariants";

// The short variant of `npm run chaos`: about a minute. It owns a PostgreSQL of its own
// (which it restarts), so it runs in one project only.
describe("the chaos drill, short", () => {
  it("loses, doubles and leaves unproven nothing under kills, freezes, a database restart and held locks", async ({
    task,
    skip,
  }) => {
    if (task.file.projectName !== "embedded") skip();
    const leaseSeconds = 3;
    const report = await runChaos({
      runs: 40,
      workers: 2,
      concurrency: 10,
      leaseSeconds,
      driveSeconds: 45,
      faults: { kills: 1, stops: 1, databaseRestarts: 1, lockHolds: 1, webKills: 0 },
      // The app is built after these tests in `npm test`: the web process takes part in the full drill.
      web: false,
      modelFaultRate: 0.2,
    });
    expect(report.invariants).toMatchObject({
      unsettledRuns: 0,
      doubledEffects: 0,
      effectsWithoutReceipt: 0,
      receiptsWithoutEffect: 0,
      stepGaps: 0,
      unknownOutcomesDropped: 0,
      receiptChainValid: true,
    });
    expect(invariantsHold(report.invariants)).toBe(true);
    expect(report.workersAlive).toBe(2);
    expect(report.duplicatedRuns).toBe(0);
    expect(report.faultsDone).toEqual({ kills: 1, stops: 1, databaseRestarts: 1, lockHolds: 1, webKills: 0 });
    // A killed engine's runs are taken over once their lease lapses and the other worker has a free
    // slot. Beside the rest of the test suite on two cores that slot came 2 s after the lapse once
    // (5,026 ms), with every invariant holding; the full drill (`npm run chaos`) keeps its target of
    // lease + 1 s at p95. Past lease + 3 s the engine, not the machine, would be slow to take over.
    for (const ms of report.takeoverMs) expect(ms).toBeLessThanOrEqual(leaseSeconds * 1000 + 3000);
    expect(report.firstClaimAfterRestartMs).toHaveLength(1);
    expect(report.firstClaimAfterRestartMs[0]).toBeLessThanOrEqual(2000);
    // Many runs finish despite a fifth of model calls failing (each call has four attempts; 40 of 40
    // beside two busy cores). Runs of 12, 19 and 21 fit a model breaker opened by a chance streak of
    // failures, before the drill raised its threshold: fewer than 15 says the engine fails them.
    expect(
      report.statuses["succeeded (completed)"] ?? 0,
      `how the runs ended: ${JSON.stringify(report.statuses)}, why: ${JSON.stringify(report.failures)}`,
    ).toBeGreaterThanOrEqual(15);
  }, 240_000);
});
