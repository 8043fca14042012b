import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { SUITE_FORMAT } from "@/lib/evals/case-schema";
import { queueSuiteRun } from "@/lib/evals/queue-suite-run";
import { claimSuiteRun, executeSuiteRun } from "@/lib/evals/suite-run-worker";
import { importSuite } from "@/lib/evals/suite-store";
import { demoTenant, testEngine } from "@/lib/runtime/testing/engine-harness";
import { assertReady, readinessOf, setReadinessGate } from "./readiness";
import { updateAgent } from "./update-agent";

const { db } = await createTestDatabase();
const engine = testEngine(db);
const { operator, tenantId } = await demoTenant(db, { keepRequiredEvidence: true });
const tenant = { id: tenantId, name: operator.tenantName };
const admin = await createMember(db, tenant, "admin");
const other = await createTenant(db);
const outsider = await createMember(db, other, "admin");

const [agent] = await db
  .select()
  .from(agents)
  .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
if (!agent) throw new Error("no support-triage");

const suite = (expect: Record<string, unknown>) => ({
  format: SUITE_FORMAT,
  name: "ready",
  cases: [{ name: "shipping", agent: { name: "support-triage" }, goal: "Resolve ticket T-1002.", expect }],
});

async function runSuiteNow() {
  await queueSuiteRun(db, operator, "ready", {});
  const claimed = await claimSuiteRun(db, "test-worker", 30);
  if (!claimed) throw new Error("not claimed");
  await executeSuiteRun(engine, claimed, new AbortController().signal);
}

const current = async () => {
  const [row] = await db.select().from(agents).where(eq(agents.id, agent.id));
  if (!row) throw new Error("gone");
  return row;
};
const goLive = async () =>
  updateAgent(db, admin, agent.id, { dryRun: false, expectedVersion: (await current()).version });

describe("readiness gates", () => {
  it("keep a dry-run agent from going live until its suite passed against its current version", async () => {
    await importSuite(db, operator, suite({ max_steps: 1 }));
    const dry = await updateAgent(db, admin, agent.id, { dryRun: true, expectedVersion: agent.version });
    const version = dry.agent.version;

    // Only admins set a gate; the suite and the agent must be the tenant's.
    await expect(setReadinessGate(db, operator, agent.id, "ready")).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(setReadinessGate(db, admin, agent.id, "no-such-suite")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(setReadinessGate(db, outsider, agent.id, "ready")).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await readinessOf(db, tenantId, agent.id, version)).toBeNull();
    expect(await assertReady(db, tenantId, agent.id, version, "go live")).toBeNull();

    const set = await setReadinessGate(db, admin, agent.id, "ready");
    expect(set).toMatchObject({ suite: { name: "ready" }, version, state: "never_run", lastRun: null });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "agent.readiness_gate_set"), eq(auditLog.targetId, agent.id)));
    expect(audit?.details).toEqual({ agent: "support-triage", suite: "ready" });
    // Another tenant learns nothing of it.
    expect(await readinessOf(db, other.id, agent.id, version)).toBeNull();

    await expect(goLive()).rejects.toMatchObject({
      code: "conflict",
      field: "dryRun",
      message: `Cannot switch support-triage to live: its readiness suite ready has no finished run against version ${version}. Run the suite, then try again.`,
    });

    await runSuiteNow();
    expect(await readinessOf(db, tenantId, agent.id, version)).toMatchObject({
      state: "failed",
      lastRun: { passed: 0, failed: 1 },
    });
    await expect(goLive()).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("ready failed 1 of 1 cases against version"),
    });

    await importSuite(db, operator, suite({ status: "succeeded" }));
    await runSuiteNow();
    expect(await readinessOf(db, tenantId, agent.id, version)).toMatchObject({ state: "passed" });
    // Going live with other changes skips their test: refused; on its own it passes.
    await expect(
      updateAgent(db, admin, agent.id, { dryRun: false, maxSteps: 20, expectedVersion: version }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("together with other changes"),
    });
    const live = await goLive();
    expect(live.agent).toMatchObject({ dryRun: false, version: version + 1 });

    // The pass was for that version: the next one has no run yet. Going to dry run is never gated.
    expect(await readinessOf(db, tenantId, agent.id, version + 1)).toMatchObject({ state: "never_run" });
    await updateAgent(db, admin, agent.id, { dryRun: true, expectedVersion: version + 1 });
    await expect(goLive()).rejects.toMatchObject({ code: "conflict" });

    // Removing the gate lifts it, audited.
    expect(await setReadinessGate(db, admin, agent.id, null)).toBeNull();
    await goLive();
    const removed = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "agent.readiness_gate_removed"), eq(auditLog.targetId, agent.id)));
    expect(removed).toHaveLength(1);
  }, 120_000);

  it("cannot be set on another tenant's agent with that tenant's suite", async () => {
    await importSuite(db, outsider, { ...suite({}), name: "theirs" });
    await expect(setReadinessGate(db, outsider, agent.id, "theirs")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(setReadinessGate(db, admin, agent.id, "theirs")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
