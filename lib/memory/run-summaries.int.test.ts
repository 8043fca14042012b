import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as settings from "@/app/api/v1/agents/[id]/memory-settings/route";
import { agentMemory, agentMemoryVersions, agents, auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant, driveRun, testEngine } from "@/lib/runtime/testing/engine-harness";
import { RUN_SUMMARY_KEY, setRunSummaries } from "./run-summaries";

const { db } = await createTestDatabase();
// The demo agents answer on the simulator: support-triage refunds T-1001's mug within policy.
const engine = testEngine(db);
const AGENT = "support-triage";

async function summaries(tenantId: string, sessionKey = "") {
  const [item] = await db
    .select()
    .from(agentMemory)
    .where(
      and(
        eq(agentMemory.tenantId, tenantId),
        eq(agentMemory.agentName, AGENT),
        eq(agentMemory.sessionKey, sessionKey),
        eq(agentMemory.key, RUN_SUMMARY_KEY),
      ),
    );
  if (!item) return { item: null, versions: [] };
  const versions = await db.select().from(agentMemoryVersions).where(eq(agentMemoryVersions.itemId, item.id));
  return { item, versions };
}

describe("run summaries in memory", () => {
  it("leaves nothing while off; once on, each ended run writes the next version of last_run", async () => {
    const { operator, tenantId } = await demoTenant(db, { keepRequiredEvidence: true });
    const quiet = await startRun(db, operator, { agent: AGENT, input: "Resolve ticket T-1004." });
    await engageKillSwitch(db, operator, { scope: "run", target: quiet.id, reason: "Not now" });
    expect((await summaries(tenantId)).item).toBeNull();

    await setRunSummaries(db, operator, AGENT, true);
    const first = await startRun(db, operator, { agent: AGENT, input: "Resolve ticket T-1001." });
    const done = await driveRun(db, engine, first.id);
    expect(done.status).toBe("succeeded");
    const { item } = await summaries(tenantId);
    expect(item).toMatchObject({
      version: 1,
      untrusted: true,
      source: { kind: "run", runId: first.id, seq: done.lastSeq, toolCallId: "" },
      value: {
        run_id: first.id,
        status: "succeeded",
        stop_reason: "completed",
        goal: "Resolve ticket T-1001.",
        answer: done.output,
        effects: expect.arrayContaining([
          { tool: "issue_refund", receipt: expect.objectContaining({ order_id: "O-5001" }) },
        ]),
      },
    });
    // Reads leave no effect in the summary: only what changed something.
    const { effects } = (item?.value ?? { effects: [] }) as { effects: { tool: string }[] };
    const tools = effects.map((effect) => effect.tool);
    expect(tools).not.toContain("get_ticket");

    // A run stopped before it did anything is summarised too, as the next version.
    const stopped = await startRun(db, operator, { agent: AGENT, input: "Resolve ticket T-1004." });
    await engageKillSwitch(db, operator, { scope: "run", target: stopped.id, reason: "Wrong ticket" });
    const after = await summaries(tenantId);
    expect(after.item).toMatchObject({
      version: 2,
      value: { run_id: stopped.id, status: "killed", stop_reason: "killed", effects: [] },
    });
    expect(after.versions.map((version) => version.idempotencyKey).sort()).toEqual(
      [`run-summary:${first.id}`, `run-summary:${stopped.id}`].sort(),
    );
  });

  it("writes a session's item for a run with an external id, and none for a dry run", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await setRunSummaries(db, operator, AGENT, true);
    const inSession = await startRun(db, operator, {
      agent: AGENT,
      input: "Resolve ticket T-1001.",
      externalId: "conversation-42",
    });
    expect((await driveRun(db, engine, inSession.id)).status).toBe("succeeded");
    expect((await summaries(tenantId, "conversation-42")).item?.value).toMatchObject({
      run_id: inSession.id,
    });
    expect((await summaries(tenantId)).item).toBeNull();

    const dry = await startRun(db, operator, { agent: AGENT, input: "Resolve ticket T-1001.", dryRun: true });
    expect((await driveRun(db, engine, dry.id)).status).toBe("succeeded");
    expect((await summaries(tenantId)).item).toBeNull();
  });

  it("is switched through the API by an operator, audited; a viewer cannot, another tenant's agent is a 404", async () => {
    const tenant = await createTenant(db, "Summaries API Co");
    await seedDemoBusiness(db, tenant.id);
    const admin = await createMember(db, tenant, "admin");
    const key = async (role: "viewer" | "operator") =>
      (await createApiKey(db, admin, { name: `${role} key`, role })).key;
    const call = (handler: typeof settings.GET, bearer: string, agent: string, body?: unknown) =>
      handler(
        new Request("http://localhost/api/v1/agents/x/memory-settings", {
          method: body === undefined ? "GET" : "PUT",
          headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve({ id: agent }) as Promise<never> },
      );
    const operatorKey = await key("operator");
    const put = await call(settings.PUT, operatorKey, AGENT, { run_summaries: true });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ agent: AGENT, run_summaries: true });
    expect(await (await call(settings.GET, await key("viewer"), AGENT)).json()).toEqual({
      agent: AGENT,
      run_summaries: true,
    });
    expect((await call(settings.PUT, await key("viewer"), AGENT, { run_summaries: false })).status).toBe(403);
    const bad = await call(settings.PUT, operatorKey, AGENT, { run_summaries: "yes" });
    expect(bad.status).toBe(400);
    const { tenantId: otherTenant } = await demoTenant(db);
    const [stranger] = await db
      .select({ id: agents.id })
      .from(agents)
      .where(eq(agents.tenantId, otherTenant));
    expect((await call(settings.GET, operatorKey, stranger?.id ?? "")).status).toBe(404);
    expect((await call(settings.PUT, operatorKey, stranger?.id ?? "", { run_summaries: true })).status).toBe(
      404,
    );
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "memory.run_summaries"));
    expect(audits.some((audit) => audit.tenantId === tenant.id)).toBe(true);
  });
});
