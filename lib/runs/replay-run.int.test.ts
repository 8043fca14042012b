import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as replayRoute from "@/app/api/v1/runs/[id]/replay/route";
import * as runDetail from "@/app/api/v1/runs/[id]/route";
import { auditLog, receipts, runSteps, runs, type ToolStepPayload } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { canonicalJson } from "@/lib/canonical-json";
import { savePolicy } from "@/lib/policy/policy-versions";
import {
  demoShop,
  demoTenant,
  driveRun,
  runToEnd,
  testEngine,
  toolStepsOf,
} from "@/lib/runtime/testing/engine-harness";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { promoteRun } from "./promote-run";
import { replayRun } from "./replay-run";
import { compareRuns, listReplays } from "./run-comparison";

const { db } = await createTestDatabase();
const engine = testEngine(db);

const shop = (tenantId: string) => demoShop(db, tenantId);

const drive = (runId: string) => driveRun(db, engine, runId);

const calls = (steps: ToolStepPayload[]) => steps.map((s) => `${s.toolName} ${canonicalJson(s.args)}`);

async function finishedDemoRun() {
  const tenant = await demoTenant(db);
  const parent = await runToEnd(db, engine, tenant.operator, {
    agent: "support-triage",
    input: "Resolve ticket T-1005",
  });
  expect(parent.status).toBe("succeeded");
  return { ...tenant, parent };
}

describe("recorded replay", () => {
  it("reproduces the same tool calls from the record, with no new effect in the shop", async () => {
    const { operator, tenantId, parent } = await finishedDemoRun();
    const before = await shop(tenantId);
    const queued = await replayRun(db, operator, parent.id, { mode: "recorded" });
    expect(queued).toMatchObject({
      replayOf: parent.id,
      dryRun: true,
      replay: { mode: "recorded", fromStep: 0 },
    });
    const replay = await drive(queued.id);
    expect(replay.status).toBe("succeeded");
    expect(await shop(tenantId)).toEqual(before);
    const [mine, theirs] = [await toolStepsOf(db, replay.id), await toolStepsOf(db, parent.id)];
    expect(calls(mine)).toEqual(calls(theirs));
    for (const step of mine) {
      expect(step).toMatchObject({ preview: true, recordedFrom: { runId: parent.id } });
      expect(step.result).toEqual(theirs.find((t) => t.toolName === step.toolName)?.result);
    }
    const kinds = await db
      .select({ kind: receipts.kind })
      .from(receipts)
      .where(eq(receipts.runId, replay.id));
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k.kind === "preview")).toBe(true);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "run.replayed"), eq(auditLog.targetId, replay.id)));
    expect(audit?.details).toMatchObject({ replay_of: parent.id, mode: "recorded" });
    expect((await listReplays(db, operator, parent.id)).map((r) => r.id)).toEqual([replay.id]);
    const comparison = await compareRuns(db, operator, parent.id, replay.id);
    expect(comparison.rows.every((r) => r.kind === "same")).toBe(true);
    expect(comparison.b.receipts.action).toBe(0);
    await expect(promoteRun(db, operator, replay.id)).rejects.toThrow(/replay is not promoted/);
  });

  it("under a stricter policy version the refund is denied, and the comparison shows it", async () => {
    const { operator, tenantId, parent } = await finishedDemoRun();
    const admin = await createMember(db, { id: tenantId, name: "x" }, "admin");
    const strict = await savePolicy(db, admin, {
      text: `${DEFAULT_POLICY}\n@id("no-refunds")\nforbid (principal, action == Action::"issue_refund", resource);\n`,
      baseVersion: 0,
    });
    // The active policy goes back to the default: the replay decides under the version it names.
    await savePolicy(db, admin, { text: DEFAULT_POLICY, baseVersion: strict.version });
    const replay = await drive(
      (await replayRun(db, operator, parent.id, { mode: "recorded", policyVersion: strict.version })).id,
    );
    const refund = (await toolStepsOf(db, replay.id)).find((s) => s.toolName === "issue_refund");
    expect(refund).toMatchObject({ status: "denied", policy: { effect: "deny", version: strict.version } });
    const rows = (await compareRuns(db, operator, parent.id, replay.id)).rows;
    const refundRow = rows.find((r) => "b" in r && r.b.toolName === "issue_refund");
    expect(refundRow && "b" in refundRow && refundRow.b.policy).toBe("deny");
  });

  it("a call the parent never made gets a readable 'no recorded result', never runs", async () => {
    const { operator, tenantId, parent } = await finishedDemoRun();
    const before = await shop(tenantId);
    // Another goal is not the parent's: run on T-1004, its calls were never recorded.
    await db.update(runs).set({ input: "Resolve ticket T-1004" }).where(eq(runs.id, parent.id));
    const replay = await drive((await replayRun(db, operator, parent.id, { mode: "recorded" })).id);
    const first = (await toolStepsOf(db, replay.id))[0];
    expect(first).toMatchObject({ toolName: "get_ticket", status: "error" });
    expect(JSON.stringify(first?.result)).toMatch(/No recorded result/);
    expect(await shop(tenantId)).toEqual(before);
  });
});

describe("fork at step N", () => {
  it("copies the first N steps marked inherited and continues after them", async () => {
    const { operator, tenantId, parent } = await finishedDemoRun();
    const before = await shop(tenantId);
    const queued = await replayRun(db, operator, parent.id, { mode: "dry_run", fromStep: 3 });
    expect(queued.lastSeq).toBe(3);
    const replay = await drive(queued.id);
    expect(replay.status).toBe("succeeded");
    const steps = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, replay.id))
      .orderBy(asc(runSteps.seq));
    expect(steps.slice(0, 3).map((s) => s.payload.inheritedFrom)).toEqual([
      { runId: parent.id, seq: 1 },
      { runId: parent.id, seq: 2 },
      { runId: parent.id, seq: 3 },
    ]);
    expect(steps.slice(3).every((s) => !s.payload.inheritedFrom)).toBe(true);
    expect(steps.length).toBeGreaterThan(3);
    // A dry-run replay: reads ran, the writes after the fork were previewed.
    const writes = (await toolStepsOf(db, replay.id)).filter((s) => s.risk !== "read" && !s.inheritedFrom);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((s) => s.preview)).toBe(true);
    expect(await shop(tenantId)).toEqual(before);
    // Every span of the replay's trace hangs under one of its spans: none is left without its turn.
    const trace = await readTraceSpans(db, replay);
    const ids = new Set(trace.map((s) => s.spanId));
    expect(trace.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId))).toEqual([]);
  });
});

describe("POST /api/v1/runs/:id/replay", () => {
  const post = (key: string, id: string, body: unknown) =>
    replayRoute.POST(
      new Request(`http://localhost/api/v1/runs/${id}/replay`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id }) },
    );

  it("replays in snake_case, refuses bad input with 400 and another tenant's run with 404", async () => {
    const { parent } = await finishedDemoRun();
    const { key } = await createApiKey(
      db,
      await createMember(db, { id: parent.tenantId, name: "t" }, "admin"),
      {
        name: "ops",
        role: "operator",
      },
    );
    const stranger = await demoTenant(db);
    const strangerAdmin = await createMember(db, { id: stranger.tenantId, name: "s" }, "admin");
    const { key: strangerKey } = await createApiKey(db, strangerAdmin, { name: "x", role: "admin" });
    // Another tenant's run is not found for the comparison and the list of replays either.
    await expect(compareRuns(db, strangerAdmin, parent.id, parent.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listReplays(db, strangerAdmin, parent.id)).rejects.toMatchObject({ code: "not_found" });
    const ok = await post(key, parent.id, {
      mode: "recorded",
      from_step: 2,
      policy_version: 0,
      limits: { max_steps: 30 },
    });
    expect(ok.status).toBe(201);
    const body = await ok.json();
    expect(body).toMatchObject({ status: "queued", replay_of: parent.id });
    expect((await post(strangerKey, parent.id, { mode: "recorded" })).status).toBe(404);
    const detail = await runDetail.GET(
      new Request(`http://localhost/api/v1/runs/${body.id}`, { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ id: body.id }) },
    );
    expect(await detail.json()).toMatchObject({
      replay_of: parent.id,
      replay: { mode: "recorded", from_step: 2, changes: { policy_version: 0, limits: { max_steps: 30 } } },
    });
    // A run still going has no settled trajectory to replay.
    expect((await post(key, body.id, { mode: "recorded" })).status).toBe(409);
    for (const bad of [
      {},
      { mode: "live" },
      { mode: "recorded", from_step: -1 },
      { mode: "recorded", from_step: parent.lastSeq + 1 },
      { mode: "recorded", agent_version: 99 },
      { mode: "recorded", policy_version: 99 },
      { mode: "recorded", limits: { max_steps: 0 } },
    ]) {
      const answer = await post(key, parent.id, bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect((await answer.json()).error.message).toBeTruthy();
    }
    expect((await post(key, "not-a-uuid", { mode: "recorded" })).status).toBe(404);
  });
});
