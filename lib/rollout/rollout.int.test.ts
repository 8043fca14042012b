import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { openPostgres } from "@/db/open-postgres";
import * as schema from "@/db/schema";
import { agents, auditLog, rolloutShadows, runs, webhookDeliveries } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { setReadinessGate } from "@/lib/agents/readiness";
import { updateAgent } from "@/lib/agents/update-agent";
import type { Actor } from "@/lib/auth/actor";
import { SUITE_FORMAT } from "@/lib/evals/case-schema";
import { queueSuiteRun } from "@/lib/evals/queue-suite-run";
import { claimSuiteRun, executeSuiteRun } from "@/lib/evals/suite-run-worker";
import { importSuite } from "@/lib/evals/suite-store";
import { sessionBucket } from "@/lib/runs/rollout-version";
import { startRun } from "@/lib/runs/start-run";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import { demoTenant, driveRun, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { eventPayload } from "@/lib/webhooks/payloads";
import { promoteRollout } from "./promote-rollout";
import { ROLLOUT_GUARD, rollbackFailingCandidates } from "./rollback-sweep";
import { abandonRollout, setRollout } from "./rollout-settings";
import { sweepRollouts } from "./rollout-sweep";
import { getRolloutView } from "./rollout-view";
import { compareShadows, startShadows } from "./shadow-sweep";

const { db, url } = await createTestDatabase();
// A pool whose statements are counted: starting a run under a rollout must stay one statement.
const sent: string[] = [];
const counted = openPostgres(url, { max: 2, onnotice: () => {}, debug: (_c, query) => sent.push(query) });
const countedDb = drizzle(counted, { schema }) as Db;
afterAll(async () => {
  await counted.end();
});

const engine = testEngine(db);
const AGENT = "ops-health";

/** A demo tenant whose agent has a second version (other instructions): version 1 is the candidate. */
async function tenantWithTwoVersions(agentName = AGENT) {
  const { tenantId, operator } = await demoTenant(db);
  const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
  const [agent] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, agentName)));
  if (!agent) throw new Error("no demo agent");
  await updateAgent(db, admin, agent.id, {
    expectedVersion: agent.version,
    instructions: `${agent.instructions}\nVersion two: be brief.`,
    comment: "Second version",
  });
  return { tenantId, operator, admin, agentId: agent.id };
}

const rolloutOf = async (agentId: string) =>
  (await db.select({ rollout: agents.rollout }).from(agents).where(eq(agents.id, agentId)))[0]?.rollout;

/** Session keys that land on each side of a percentage. */
function sessionsFor(agentId: string, percent: number, n: number) {
  const candidate: string[] = [];
  const stable: string[] = [];
  // A side with no share gets no key: look for a bounded number of them.
  for (let i = 0; i < 10_000 && (candidate.length < n || stable.length < n); i++) {
    const key = `case-${i}`;
    if (sessionBucket(agentId, key) < percent) candidate.length < n && candidate.push(key);
    else stable.length < n && stable.push(key);
  }
  return { candidate, stable };
}

describe("gradual rollout", () => {
  it("serves the candidate to its share of sessions, the same version for every run of a session", async () => {
    const { operator, admin, agentId } = await tenantWithTwoVersions();
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 50 });
    const started: { key: string; version: number; role: string | null; hash: string }[] = [];
    for (let i = 0; i < 12; i++)
      for (let repeat = 0; repeat < 2; repeat++) {
        const run = await startRun(countedDb, operator, {
          agent: AGENT,
          input: "Check the app",
          externalId: `session-${i}`,
        });
        started.push({
          key: `session-${i}`,
          version: run.agentVersion,
          role: run.rolloutRole,
          hash: run.agentSnapshotHash,
        });
      }
    for (const s of started) {
      const expected = sessionBucket(agentId, s.key) < 50 ? "candidate" : "stable";
      expect(s).toMatchObject({ role: expected, version: expected === "candidate" ? 1 : 2 });
    }
    expect(new Set(started.map((s) => s.role))).toEqual(new Set(["candidate", "stable"]));
    // A candidate run starts with the candidate's instructions, a stable one with the current ones.
    const candidateRun = started.find((s) => s.role === "candidate");
    const stableRun = started.find((s) => s.role === "stable");
    if (!candidateRun || !stableRun) throw new Error("both sides expected");
    const [tenantId] = [operator.tenantId];
    expect((await agentSnapshotOf(db, tenantId, candidateRun.hash)).instructions).not.toMatch(/Version two/);
    expect((await agentSnapshotOf(db, tenantId, stableRun.hash)).instructions).toMatch(/Version two/);
    // Runs without a session key are drawn at random, each recording its side and version.
    for (let i = 0; i < 10; i++) {
      const run = await startRun(countedDb, operator, { agent: AGENT, input: "Check the app" });
      expect(run.agentVersion).toBe(run.rolloutRole === "candidate" ? 1 : 2);
    }
  });

  it("keeps a start from memory at one statement, and sees a changed rollout at once", async () => {
    const { operator, admin, agentId } = await tenantWithTwoVersions();
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 100 });
    const { candidate } = sessionsFor(agentId, 100, 1);
    await startRun(countedDb, operator, { agent: AGENT, input: "Warm up", externalId: candidate[0] });
    const from = sent.length;
    const run = await startRun(countedDb, operator, { agent: AGENT, input: "Go", externalId: candidate[0] });
    expect(sent.length - from).toBe(1);
    expect(run).toMatchObject({ rolloutRole: "candidate", agentVersion: 1 });
    // Another process sets the share to 0: the next start from memory notices, and serves stable.
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 0 });
    const after = await startRun(countedDb, operator, {
      agent: AGENT,
      input: "Go",
      externalId: candidate[0],
    });
    expect(after).toMatchObject({ rolloutRole: "stable", agentVersion: 2 });
    // Abandoned: runs have no side any more.
    await abandonRollout(db, admin, agentId);
    const plain = await startRun(countedDb, operator, { agent: AGENT, input: "Go" });
    expect(plain).toMatchObject({ rolloutRole: null, agentVersion: 2 });
  });

  it("checks its settings, and is an admin's to set", async () => {
    const { operator, admin, agentId } = await tenantWithTwoVersions();
    await expect(
      setRollout(db, operator, agentId, { candidateVersion: 1, percent: 10 }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(setRollout(db, admin, agentId, { candidateVersion: 2, percent: 10 })).rejects.toMatchObject({
      code: "invalid_input",
      field: "candidateVersion",
      message: /already .*current version/,
    });
    await expect(setRollout(db, admin, agentId, { candidateVersion: 9, percent: 10 })).rejects.toMatchObject({
      code: "invalid_input",
      message: /has no version 9/,
    });
    await expect(setRollout(db, admin, agentId, { candidateVersion: 1, percent: 101 })).rejects.toThrow(
      /0 to 100/,
    );
    await expect(
      setRollout(db, admin, agentId, { candidateVersion: 1, percent: 10, windowMinutes: 1 }),
    ).rejects.toThrow(/at least 5 minutes/);
    expect(await rolloutOf(agentId)).toBeNull();
  });
});

const noWrites = { writes: 0, undone: 0, undoRate: null };

async function startOn(operator: Actor, key: string) {
  return startRun(db, operator, { agent: AGENT, input: "Check the app", externalId: key });
}

async function endRuns(ids: string[], status: "succeeded" | "failed") {
  if (ids.length === 0) return;
  await db
    .update(runs)
    .set({ status, endedAt: new Date(), stopReason: status === "failed" ? "tool_failed" : "completed" })
    .where(inArray(runs.id, ids));
}

describe("automatic rollback", () => {
  it("rolls back a candidate failing more than stable by the margin, once, audited and told to webhooks", async () => {
    const { operator, admin, agentId, tenantId } = await tenantWithTwoVersions();
    await createWebhookEndpoint(db, admin, {
      url: "https://hooks.example.com/rollouts",
      events: ["rollout.rolled_back"],
    });
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 50, minRuns: 3, marginPct: 20 });
    const sessions = sessionsFor(agentId, 50, 4);
    const side = async (keys: string[]) => Promise.all(keys.map((k) => startOn(operator, k)));
    const [candidate, stable] = [await side(sessions.candidate), await side(sessions.stable)];
    expect(candidate.every((r) => r.rolloutRole === "candidate")).toBe(true);
    // Two of each ended: below the minimum, nothing is judged.
    await endRuns(
      candidate.slice(0, 2).map((r) => r.id),
      "failed",
    );
    await endRuns(
      stable.slice(0, 2).map((r) => r.id),
      "succeeded",
    );
    expect(await rollbackFailingCandidates(db)).toEqual([]);
    expect((await rolloutOf(agentId))?.state).toBe("active");
    // Three failed of three against one of three: 67 % against 33 %, more than 20 points worse.
    await endRuns([candidate[2]?.id ?? ""], "failed");
    await endRuns([stable[2]?.id ?? ""], "failed");
    const sweeps = await Promise.all([rollbackFailingCandidates(db), rollbackFailingCandidates(db)]);
    expect(sweeps.flat()).toHaveLength(1);
    const rollout = await rolloutOf(agentId);
    expect(rollout).toMatchObject({ state: "rolled_back", percent: 0, endedBy: ROLLOUT_GUARD });
    expect(rollout?.reason).toMatch(/Version 1 failed 3 of 3 runs \(100\.0 %\) against 1 of 3 \(33\.3 %\)/);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "agent.rollout_rolled_back")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "system", actorLabel: ROLLOUT_GUARD, targetId: agentId });
    const [delivery] = await db
      .select()
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.event, "rollout.rolled_back")),
      );
    expect(delivery?.subjectId).toBe(rollout?.id);
    const body = await eventPayload(db, {
      id: delivery?.id ?? "",
      tenantId,
      event: "rollout.rolled_back",
      subjectId: delivery?.subjectId ?? null,
    });
    expect(body?.rollout).toMatchObject({ agent: AGENT, candidate_version: 1, state: "rolled_back" });
    // Another sweep finds nothing to do; a new run gets the stable version, with no side.
    expect(await rollbackFailingCandidates(db)).toEqual([]);
    expect(await startOn(operator, sessions.candidate[0] ?? "")).toMatchObject({
      agentVersion: 2,
      rolloutRole: null,
    });
    const view = await getRolloutView(db, admin, agentId);
    expect(view.served).toEqual([
      { ...noWrites, version: 2, role: "stable", runs: 4, ended: 3, failed: 1, failureRate: 1 / 3 },
      { ...noWrites, version: 1, role: "candidate", runs: 4, ended: 3, failed: 3, failureRate: 1 },
    ]);
  });

  it("leaves a candidate failing about as often as stable, and one without enough runs", async () => {
    const { operator, admin, agentId } = await tenantWithTwoVersions();
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 50, minRuns: 2, marginPct: 40 });
    const sessions = sessionsFor(agentId, 50, 2);
    const candidate = await Promise.all(sessions.candidate.map((k) => startOn(operator, k)));
    const stable = await Promise.all(sessions.stable.map((k) => startOn(operator, k)));
    await endRuns([candidate[0]?.id ?? ""], "failed");
    await endRuns([candidate[1]?.id ?? "", ...stable.map((r) => r.id)], "succeeded");
    // 50 % against 0 %: 50 points, above a 40-point margin — but with a 60-point margin it stays.
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 50, minRuns: 2, marginPct: 60 });
    expect(await rollbackFailingCandidates(db)).toEqual([]);
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 50, minRuns: 3, marginPct: 10 });
    expect(await rollbackFailingCandidates(db)).toEqual([]);
    expect((await rolloutOf(agentId))?.state).toBe("active");
  });
});

describe("promote and abandon", () => {
  it("promotes the candidate as a new current version, once", async () => {
    const { admin, agentId, tenantId } = await tenantWithTwoVersions();
    const { id: rolloutId } = (await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 30 }))
      .rollout ?? { id: "" };
    await expect(promoteRollout(db, admin, agentId, { expectedVersion: 1 })).rejects.toMatchObject({
      code: "conflict",
    });
    const promoted = await promoteRollout(db, admin, agentId, { expectedVersion: 2 });
    expect(promoted.version).toBe(3);
    expect(promoted.instructions).not.toMatch(/Version two/);
    expect(promoted.rollout).toMatchObject({ id: rolloutId, state: "promoted", percent: 0 });
    await expect(promoteRollout(db, admin, agentId, { expectedVersion: 3 })).rejects.toThrow(
      /has ended already \(promoted\)/,
    );
    const actions = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.targetId, agentId)));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["agent.rollout_set", "agent.updated", "agent.rollout_promoted"]),
    );
  });

  it("holds a promotion until the agent's readiness suite passed on the candidate version", async () => {
    const { admin, operator, agentId } = await tenantWithTwoVersions();
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 30 });
    await importSuite(db, operator, {
      format: SUITE_FORMAT,
      name: "health-ready",
      cases: [
        { name: "checks", agent: { name: AGENT }, goal: "Check the app's health", expect: { max_steps: 20 } },
      ],
    });
    await setReadinessGate(db, admin, agentId, "health-ready");
    await expect(promoteRollout(db, admin, agentId, { expectedVersion: 2 })).rejects.toThrow(
      "Cannot promote ops-health version 1: its readiness suite health-ready has no finished run against version 1",
    );
    await queueSuiteRun(db, operator, "health-ready", { agent: AGENT, agentVersion: 1 });
    const claimed = await claimSuiteRun(db, "test-worker", 30);
    if (!claimed) throw new Error("not claimed");
    await executeSuiteRun(engine, claimed, new AbortController().signal);
    const promoted = await promoteRollout(db, admin, agentId, { expectedVersion: 2 });
    expect(promoted.rollout).toMatchObject({ state: "promoted" });
  });

  it("abandons a rollout once; a new one starts afresh", async () => {
    const { admin, agentId } = await tenantWithTwoVersions();
    await expect(abandonRollout(db, admin, agentId)).rejects.toThrow(/no rollout under way/);
    const first = (await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 30 })).rollout;
    const changed = (await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 60 })).rollout;
    expect(changed).toMatchObject({ id: first?.id, startedAt: first?.startedAt, percent: 60 });
    const abandoned = await abandonRollout(db, admin, agentId);
    expect(abandoned.rollout).toMatchObject({ state: "abandoned", percent: 0, endedBy: admin.label });
    await expect(abandonRollout(db, admin, agentId)).rejects.toThrow(/ended already \(abandoned\)/);
    const again = (await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 10 })).rollout;
    expect(again?.id).not.toBe(first?.id);
    expect(again?.state).toBe("active");
  });
});

describe("shadow", () => {
  it("dry-runs the candidate on a sample of ended live runs, once each, and compares them", async () => {
    const { operator, admin, agentId, tenantId } = await tenantWithTwoVersions("support-triage");
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 0, shadowPercent: 100 });
    const live = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
    });
    expect(live).toMatchObject({ rolloutRole: "stable", agentVersion: 2 });
    const [started, again] = await Promise.all([startShadows(db), startShadows(db)]);
    expect(started + again).toBe(1);
    const [pair] = await db.select().from(rolloutShadows).where(eq(rolloutShadows.liveRunId, live.id));
    expect(pair).toMatchObject({ candidateVersion: 1, liveVersion: 2, comparedAt: null, error: null });
    const shadowId = pair?.shadowRunId ?? "";
    const [queued] = await db.select().from(runs).where(eq(runs.id, shadowId));
    expect(queued).toMatchObject({
      replayOf: live.id,
      dryRun: true,
      agentVersion: 1,
      rolloutRole: null,
      replay: { mode: "recorded" },
    });
    // A claim whose sweep died before the shadow started is picked up again, as the same shadow.
    await db
      .update(rolloutShadows)
      .set({ shadowRunId: null, createdAt: new Date(Date.now() - 120_000) })
      .where(eq(rolloutShadows.liveRunId, live.id));
    expect(await startShadows(db)).toBe(0);
    const [resumed] = await db.select().from(rolloutShadows).where(eq(rolloutShadows.liveRunId, live.id));
    expect(resumed?.shadowRunId).toBe(shadowId);
    // Nothing to compare before the shadow ends.
    expect(await compareShadows(db)).toBe(0);
    const shadow = await driveRun(db, engine, shadowId);
    expect(shadow.status).toBe(live.status);
    expect(await compareShadows(db)).toBe(1);
    const [compared] = await db.select().from(rolloutShadows).where(eq(rolloutShadows.liveRunId, live.id));
    expect(compared).toMatchObject({ sameOutcome: true, sameEffects: true });
    expect(compared?.costDeltaUsd).toBeCloseTo((shadow.costUsd ?? 0) - (live.costUsd ?? 0), 6);
    // The shadow is not live: it is never shadowed itself, and nothing is left to start.
    expect(await startShadows(db)).toBe(0);
    const view = await getRolloutView(db, admin, agentId);
    expect(view.shadows).toEqual([
      {
        candidateVersion: 1,
        compared: 1,
        pending: 0,
        sameOutcomeRate: 1,
        sameEffectsRate: 1,
        meanCostDeltaUsd: expect.any(Number),
      },
    ]);
    expect(view.recentShadows.map((s) => s.shadowRunId)).toEqual([shadowId]);
    // The live run's refund, email and ticket update are write actions, none undone; the shadow's are previews.
    expect(view.served).toEqual([
      expect.objectContaining({ version: 2, role: "stable", runs: 1, undone: 0, undoRate: 0 }),
    ]);
    expect(view.served[0]?.writes).toBeGreaterThan(0);
    const [{ n } = { n: 0 }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId} and action = 'run.replayed' and actor_type = 'system'`,
    );
    expect(n).toBe(1);
  });

  it("tells a candidate that acts otherwise: another outcome or other effects, in the figures", async () => {
    const { operator, admin, agentId } = await tenantWithTwoVersions("support-triage");
    // Version 3 cannot refund; version 4 can again (the current one): version 3 is the candidate.
    const [agent] = await db.select().from(agents).where(eq(agents.id, agentId));
    const tools = agent?.tools ?? [];
    await updateAgent(db, admin, agentId, {
      expectedVersion: 2,
      tools: tools.filter((t) => t !== "issue_refund"),
      comment: "No refunds",
    });
    await updateAgent(db, admin, agentId, { expectedVersion: 3, tools, comment: "Refunds again" });
    await setRollout(db, admin, agentId, { candidateVersion: 3, percent: 0, shadowPercent: 100 });
    const live = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
    });
    expect(live).toMatchObject({ rolloutRole: "stable", agentVersion: 4 });
    await sweepRollouts(db);
    const [pair] = await db.select().from(rolloutShadows).where(eq(rolloutShadows.liveRunId, live.id));
    await driveRun(db, engine, pair?.shadowRunId ?? "");
    await sweepRollouts(db);
    const [compared] = await db.select().from(rolloutShadows).where(eq(rolloutShadows.liveRunId, live.id));
    expect(compared?.comparedAt).not.toBeNull();
    expect(compared?.sameEffects).toBe(false);
    const [summary] = (await getRolloutView(db, admin, agentId)).shadows;
    expect(summary).toMatchObject({ candidateVersion: 3, compared: 1, sameEffectsRate: 0 });
  });
});

describe("tenant isolation", () => {
  it("another tenant's admin can neither read nor change a rollout", async () => {
    const { admin, agentId } = await tenantWithTwoVersions();
    await setRollout(db, admin, agentId, { candidateVersion: 1, percent: 20 });
    const other = await tenantWithTwoVersions();
    for (const call of [
      () => getRolloutView(db, other.admin, agentId),
      () => setRollout(db, other.admin, agentId, { candidateVersion: 1, percent: 90 }),
      () => abandonRollout(db, other.admin, agentId),
      () => promoteRollout(db, other.admin, agentId, { expectedVersion: 2 }),
    ])
      await expect(call()).rejects.toMatchObject({ code: "not_found" });
    expect(await rolloutOf(agentId)).toMatchObject({ state: "active", percent: 20 });
    expect((await getRolloutView(db, other.admin, other.agentId)).rollout).toBeNull();
  });
});
