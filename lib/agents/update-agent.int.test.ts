import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { type Agent, agents, agentVersions, auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import type { Actor } from "@/lib/auth/actor";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { zodToAppError } from "@/lib/http/errors";
import { toAgentJson } from "./agent-json";
import { getAgent, listAgents } from "./queries";
import { restoreVersion } from "./restore-version";
import { type UpdateAgentInput, updateAgent } from "./update-agent";

const { db } = await createTestDatabase();

/** A tenant of its own per test, with the demo agents, so versions start at 1 every time. */
async function demoTenant(): Promise<{ admin: Actor; triage: Agent }> {
  const tenant = await createTenant(db);
  await seedDemoBusiness(db, tenant.id);
  const admin = await createMember(db, tenant, "admin");
  const [triage] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, tenant.id), eq(agents.name, "support-triage")));
  if (!triage) throw new Error("support-triage was not seeded");
  return { admin, triage };
}

const auditOf = (agentId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, agentId), eq(auditLog.action, "agent.updated")));

describe("updateAgent", () => {
  let admin: Actor;
  let triage: Agent;
  beforeAll(async () => {
    ({ admin, triage } = await demoTenant());
  });

  it("sets, validates and removes the fallback model", async () => {
    const { admin, triage } = await demoTenant();
    const set = await updateAgent(db, admin, triage.id, {
      expectedVersion: 1,
      fallbackModel: " sim:default ",
    });
    expect(set).toMatchObject({
      changed: ["fallbackModel"],
      agent: { fallbackModel: "sim:default", version: 2 },
    });
    await expect(
      updateAgent(db, admin, triage.id, { expectedVersion: 2, fallbackModel: "gpt-5" }),
    ).rejects.toThrow(/not a model name/);
    const removed = await updateAgent(db, admin, triage.id, { expectedVersion: 2, fallbackModel: null });
    expect(removed).toMatchObject({ changed: ["fallbackModel"], agent: { fallbackModel: null, version: 3 } });
  });

  it("sets and validates the context strategy; a version saved before it restores the default", async () => {
    const { admin, triage } = await demoTenant();
    expect(triage.contextStrategy).toBe("clip_and_drop_middle");
    const set = await updateAgent(db, admin, triage.id, {
      expectedVersion: 1,
      contextStrategy: "drop_middle",
    });
    expect(set).toMatchObject({ changed: ["contextStrategy"], agent: { contextStrategy: "drop_middle" } });
    expect(toAgentJson(set.agent).context_strategy).toBe("drop_middle");
    await expect(
      updateAgent(db, admin, triage.id, {
        expectedVersion: 2,
        contextStrategy: "forget_everything" as never,
      }),
    ).rejects.toThrow(/context strategy must be one of .*clip_and_drop_middle.*drop_middle/);
    await db
      .update(agentVersions)
      .set({ definition: sql`${agentVersions.definition} - 'contextStrategy'` })
      .where(and(eq(agentVersions.agentId, triage.id), eq(agentVersions.version, 1)));
    const restored = await restoreVersion(db, admin, triage.id, { version: 1, expectedVersion: 2 });
    expect(restored.agent).toMatchObject({ contextStrategy: "clip_and_drop_middle", version: 3 });
  });

  it("sets, validates and removes the router model, never the agent's own model", async () => {
    const { admin, triage } = await demoTenant();
    const set = await updateAgent(db, admin, triage.id, { expectedVersion: 1, routerModel: " sim:looping " });
    expect(set).toMatchObject({
      changed: ["routerModel"],
      agent: { routerModel: "sim:looping", version: 2 },
    });
    expect(toAgentJson(set.agent).router_model).toBe("sim:looping");
    const refused: [UpdateAgentInput, RegExp][] = [
      [{ expectedVersion: 2, routerModel: "gpt-5-nano" }, /not a model name/],
      [{ expectedVersion: 2, routerModel: "nobody:thing" }, /provider one of/],
      [
        { expectedVersion: 2, routerModel: "sim:default" },
        /router model is the agent's model \(sim:default\)/,
      ],
      [{ expectedVersion: 2, model: "sim:looping" }, /router model is the agent's model \(sim:looping\)/],
    ];
    for (const [input, message] of refused)
      await expect(updateAgent(db, admin, triage.id, input)).rejects.toThrow(message);
    const removed = await updateAgent(db, admin, triage.id, { expectedVersion: 2, routerModel: null });
    expect(removed).toMatchObject({ changed: ["routerModel"], agent: { routerModel: null, version: 3 } });
    // Both at once: the model changes and the router stays another model.
    const swapped = await updateAgent(db, admin, triage.id, {
      expectedVersion: 3,
      model: "sim:looping",
      routerModel: "sim:default",
    });
    expect(swapped.agent).toMatchObject({ model: "sim:looping", routerModel: "sim:default", version: 4 });
    // A version saved before agents had a router model lacks the field: restoring it removes the router.
    await db
      .update(agentVersions)
      .set({ definition: sql`${agentVersions.definition} - 'routerModel'` })
      .where(and(eq(agentVersions.agentId, triage.id), eq(agentVersions.version, 1)));
    const restored = await restoreVersion(db, admin, triage.id, { version: 1, expectedVersion: 4 });
    expect(restored.agent).toMatchObject({ model: "sim:default", routerModel: null, version: 5 });
  });

  it("changes the fields given, bumps the version and audits each change from/to", async () => {
    const { admin, triage } = await demoTenant();
    const { agent, changed } = await updateAgent(db, admin, triage.id, {
      expectedVersion: 1,
      maxSteps: 25,
      model: " sim:default:400 ",
      instructions: `${triage.instructions.replaceAll("\n", "\r\n")}\r\nBe brief.`,
      tools: ["get_ticket", "search_kb"],
      // Its required evidence (a ticket update) goes with the tool.
      requiredEvidence: [],
      maxSeconds: triage.maxSeconds,
    });
    expect(changed.sort()).toEqual(["instructions", "maxSteps", "model", "requiredEvidence", "tools"]);
    expect(agent).toMatchObject({ version: 2, maxSteps: 25, model: "sim:default:400", maxSeconds: 300 });
    expect(agent.instructions).toBe(`${triage.instructions}\nBe brief.`);
    expect(agent.updatedAt.getTime()).toBeGreaterThan(triage.updatedAt.getTime());

    const [entry, ...more] = await auditOf(triage.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ actorId: admin.id, targetType: "agent" });
    expect(entry?.details).toEqual({
      agent: "support-triage",
      version: 2,
      changes: {
        maxSteps: { from: 30, to: 25 },
        model: { from: "sim:default", to: "sim:default:400" },
        tools: { from: triage.tools, to: ["get_ticket", "search_kb"] },
        requiredEvidence: { from: ["update_ticket"], to: [] },
        instructions: { fromLength: triage.instructions.length, toLength: agent.instructions.length },
      },
    });
    expect((await getAgent(db, admin, triage.id)).version).toBe(2);
  });

  it("saves nothing, and audits nothing, when no field changed", async () => {
    const { admin, triage } = await demoTenant();
    const tools = [...triage.tools].reverse();
    const { agent, changed } = await updateAgent(db, admin, triage.id, { expectedVersion: 1, tools });
    expect(changed).toEqual([]);
    expect(agent.version).toBe(1);
    expect(await auditOf(triage.id)).toHaveLength(0);
  });

  it.each([
    ["model", { model: "gpt-5" }, /not a model name/],
    ["model", { model: "acme:thing" }, /provider one of/],
    ["instructions", { instructions: "  \n " }, /instructions/],
    ["instructions", { instructions: "x".repeat(20_001) }, /20,000/],
    ["tools", { tools: [] }, /at least one tool/],
    ["tools", { tools: ["get_ticket", "rm_rf"] }, /Unknown tool "rm_rf"/],
    ["tools", { tools: ["get_ticket", "get_ticket"] }, /more than once/],
    ["maxSteps", { maxSteps: 0 }, /Max steps must be a whole number from 1 to 1,000/],
    ["maxSteps", { maxSteps: 1001 }, /Max steps/],
    ["maxSteps", { maxSteps: 2.5 }, /Max steps/],
    ["maxSeconds", { maxSeconds: 4 }, /Max seconds must be a whole number from 5 to 86,400/],
    ["maxSeconds", { maxSeconds: 86_401 }, /Max seconds/],
    ["description", { description: "d".repeat(501) }, /500/],
  ])("rejects an invalid %s naming the field", async (field, patch, message) => {
    const thrown = await updateAgent(db, admin, triage.id, { expectedVersion: 1, ...patch }).catch((e) => e);
    // What a form or an API client sees: the same mapping runAction and apiRoute apply.
    const error = thrown instanceof ZodError ? zodToAppError(thrown) : thrown;
    expect(error).toMatchObject({ code: "invalid_input", field });
    expect(error.message).toMatch(message);
    expect((await getAgent(db, admin, triage.id)).version).toBe(1);
  });

  it("refuses viewers and operators", async () => {
    const tenant = { id: admin.tenantId, name: admin.tenantName };
    for (const role of ["viewer", "operator"] as const) {
      const actor = await createMember(db, tenant, role);
      await expect(
        updateAgent(db, actor, triage.id, { expectedVersion: 1, maxSteps: 5 }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      expect((await getAgent(db, actor, triage.id)).maxSteps).toBe(30);
    }
  });

  it("never reaches another tenant's agent, and treats malformed ids as not found", async () => {
    const stranger = await createMember(db, await createTenant(db), "admin");
    for (const id of [triage.id, "not-a-uuid"]) {
      await expect(updateAgent(db, stranger, id, { expectedVersion: 1, maxSteps: 5 })).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(getAgent(db, stranger, id)).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await listAgents(db, stranger)).toEqual([]);
  });

  it("rejects a stale expectedVersion, and lets only one of two concurrent saves through", async () => {
    const { admin, triage } = await demoTenant();
    const saves = await Promise.allSettled([
      updateAgent(db, admin, triage.id, { expectedVersion: 1, maxSteps: 10 }),
      updateAgent(db, admin, triage.id, { expectedVersion: 1, maxSteps: 20 }),
    ]);
    expect(saves.map((s) => s.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = saves.find((s) => s.status === "rejected");
    expect(rejected?.reason).toMatchObject({
      code: "conflict",
      message: /changed by someone else meanwhile/,
    });
    await expect(
      updateAgent(db, admin, triage.id, { expectedVersion: 1, maxSteps: 7 }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await getAgent(db, admin, triage.id)).toMatchObject({ version: 2 });
    expect(await auditOf(triage.id)).toHaveLength(1);
  });

  it("sets and removes the budgets (null is no limit) and rejects values out of range", async () => {
    const { admin: owner, triage: agent } = await demoTenant();
    const set = await updateAgent(db, owner, agent.id, {
      expectedVersion: 1,
      maxToolCalls: 20,
      maxTokens: 200_000,
      maxCostUsd: 0.5,
    });
    expect(set.agent).toMatchObject({ version: 2, maxToolCalls: 20, maxTokens: 200_000, maxCostUsd: 0.5 });
    expect(set.changed).toEqual(["maxToolCalls", "maxTokens", "maxCostUsd"]);
    const cleared = await updateAgent(db, owner, agent.id, { expectedVersion: 2, maxCostUsd: null });
    expect(cleared.agent).toMatchObject({ version: 3, maxCostUsd: null, maxTokens: 200_000 });
    await expect(updateAgent(db, owner, agent.id, { expectedVersion: 3, maxCostUsd: -1 })).rejects.toThrow(
      /Max cost must be at least/,
    );
    await expect(updateAgent(db, owner, agent.id, { expectedVersion: 3, maxToolCalls: 0 })).rejects.toThrow(
      /Max tool calls must be a whole number/,
    );
  });

  it("sets what a rejected approval does, and refuses anything but continue or end", async () => {
    const { admin: owner, triage: agent } = await demoTenant();
    const set = await updateAgent(db, owner, agent.id, { expectedVersion: 1, onReject: "end" });
    expect(set).toMatchObject({ changed: ["onReject"], agent: { onReject: "end", version: 2 } });
    await expect(
      updateAgent(db, owner, agent.id, { expectedVersion: 2, onReject: "retry" as "end" }),
    ).rejects.toThrow(/onReject must be/);
  });

  it("switches an agent between dry run and live, recording who did it", async () => {
    const { admin: owner, triage: agent } = await demoTenant();
    expect(agent.dryRun).toBe(false);
    const dry = await updateAgent(db, owner, agent.id, { expectedVersion: 1, dryRun: true });
    expect(dry).toMatchObject({ changed: ["dryRun"], agent: { dryRun: true } });
    const audit = await auditOf(agent.id);
    expect(JSON.stringify(audit.at(-1)?.details)).toContain("dryRun");
  });
});
