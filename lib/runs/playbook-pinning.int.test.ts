import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agents } from "@/db/schema";
import { countedPools } from "@/db/testing/counted-pools";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createPlaybook, deletePlaybook, updatePlaybook } from "@/lib/playbooks/edit-playbook";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import { demoTenant, driveRun, fixedModel, testEngine } from "@/lib/runtime/testing/engine-harness";
import { replayRun } from "./replay-run";
import { startRun } from "./start-run";

const { url } = await createTestDatabase();
// A starts runs, B edits playbooks, as two processes would.
const { a, b, statementsOf, close } = countedPools(url);
afterAll(close);

const { operator, tenantId } = await demoTenant(b.db);
const admin = await createMember(b.db, { id: tenantId, name: operator.tenantName }, "admin");
await b.db
  .update(agents)
  .set({ tags: ["ops"] })
  .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "ops-health")));

const start = async () => {
  const { result: run, statements } = await statementsOf(() =>
    startRun(a, operator, { agent: "ops-health", input: "Check the app" }),
  );
  return { run, statements: statements.length };
};
const pinned = async (run: { agentSnapshotHash: string }) =>
  (await agentSnapshotOf(b.db, tenantId, run.agentSnapshotHash)).playbooks ?? [];

/** An engine whose model answers at once and keeps the system prompt of every call. */
function recordingEngine() {
  const systems: string[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options: LanguageModelV4CallOptions) => {
      const system = options.prompt.find((m) => m.role === "system");
      systems.push(typeof system?.content === "string" ? system.content : "");
      return {
        content: [{ type: "text", text: "All systems healthy." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: { inputTokens: { total: 100, noCache: 100 }, outputTokens: { total: 20, text: 20 } } as never,
        warnings: [],
      };
    },
  });
  return { engine: testEngine(b.db, { resolveModel: fixedModel(model) }), systems };
}

describe("playbooks pinned to a run", () => {
  it("give a run the versions that applied at its start, whatever is edited later, in one statement", async () => {
    const playbook = await createPlaybook(b.db, admin, {
      name: "Health order",
      instructions: "Check the database before the queue.",
      tags: ["ops"],
    });
    const first = await start();
    expect(await pinned(first.run)).toEqual([
      {
        id: playbook.id,
        name: "Health order",
        version: 1,
        instructions: "Check the database before the queue.",
      },
    ]);
    const again = await start();
    expect(again.statements).toBe(1);
    expect(again.run.agentSnapshotHash).toBe(first.run.agentSnapshotHash);

    await updatePlaybook(b.db, admin, playbook.id, {
      name: "Health order",
      instructions: "Check the queue before the database.",
      tags: ["ops"],
      expectedVersion: 1,
    });
    const afterEdit = await start();
    expect(afterEdit.statements).toBeGreaterThan(1);
    expect((await pinned(afterEdit.run))[0]).toMatchObject({ version: 2 });
    expect((await start()).statements).toBe(1);

    // The run queued before the edit runs with what it started with; the new one with the new text.
    const { engine, systems } = recordingEngine();
    expect((await driveRun(b.db, engine, first.run.id)).status).toBe("succeeded");
    expect(systems[0]).toContain("# Playbooks");
    expect(systems[0]).toContain(
      "## Health order (playbook version 1)\n\nCheck the database before the queue.",
    );
    expect(systems[0]).not.toContain("before the database");
    await driveRun(b.db, engine, afterEdit.run.id);
    expect(systems.at(-1)).toContain("Check the queue before the database.");

    // A replay of the first run gets the version its parent got, not today's.
    const replay = await replayRun(b.db, operator, first.run.id, { mode: "dry_run" });
    expect((await pinned(replay))[0]).toMatchObject({ version: 1 });

    await deletePlaybook(b.db, admin, playbook.id);
    const afterDelete = await start();
    expect(await pinned(afterDelete.run)).toEqual([]);
    expect((await driveRun(b.db, engine, afterDelete.run.id)).status).toBe("succeeded");
    expect(systems.at(-1)).not.toContain("# Playbooks");
  });

  it("reaches an agent that gets the tag later, and leaves one that loses it", async () => {
    await createPlaybook(b.db, admin, { name: "Triage tone", instructions: "Be brief.", tags: ["triage"] });
    const before = await startRun(a, operator, { agent: "support-triage", input: "Resolve ticket T-1044" });
    expect(await pinned(before)).toEqual([]);
    await b.db
      .update(agents)
      .set({ tags: ["triage"] })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
    const tagged = await startRun(a, operator, { agent: "support-triage", input: "Resolve ticket T-1044" });
    expect((await pinned(tagged)).map((p) => p.name)).toEqual(["Triage tone"]);
    await b.db
      .update(agents)
      .set({ tags: [] })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
    expect(
      await pinned(await startRun(a, operator, { agent: "support-triage", input: "Resolve ticket T-1044" })),
    ).toEqual([]);
  });

  it("sees a playbook committed by any writer, with no help from it, in the start's one statement", async () => {
    await start();
    expect((await start()).statements).toBe(1);
    await b.sql`insert into playbooks (tenant_id, name, instructions, tags, version, updated_by)
      values (${tenantId}, 'Behind its back', 'Mention the uptime.', array['ops'], 1, 'someone')`;
    const seen = await start();
    expect((await pinned(seen.run)).map((p) => p.name)).toContain("Behind its back");
    expect((await start()).statements).toBe(1);
    await b.sql`update playbooks set version = 2, instructions = 'Mention the load.' where name = 'Behind its back' and tenant_id = ${tenantId}`;
    expect((await pinned((await start()).run)).find((p) => p.name === "Behind its back")?.version).toBe(2);
  });
});
