import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { updateAgent } from "@/lib/agents/update-agent";
import { demoTenant, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();
const engine = testEngine(db);

async function requireEvidence(tenantId: string, tools: string[]) {
  await db
    .update(agents)
    .set({ requiredEvidence: tools })
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "ops-health")));
}

describe("the evidence an agent's success requires", () => {
  it("ends a run unverified when it holds no receipt of a required tool, however its answer reads", async () => {
    const { operator, tenantId } = await demoTenant(db);
    // The health endpoint is unreachable in tests: http_request fails and leaves no receipt.
    await requireEvidence(tenantId, ["http_request"]);
    const run = await runToEnd(db, engine, operator, {
      agent: "ops-health",
      input: "Check the app's health",
    });
    expect(run).toMatchObject({ status: "unverified", stopReason: "completed" });
    expect(run.error).toContain("Success needs a receipt of http_request: this run has none.");

    await requireEvidence(tenantId, ["write_file", "run_command"]);
    const proven = await runToEnd(db, engine, operator, {
      agent: "ops-health",
      input: "Check the app's health",
    });
    expect(proven).toMatchObject({ status: "succeeded", stopReason: "completed" });
  });

  it("is edited like any field: only the agent's own tools, and a required tool cannot be taken away", async () => {
    const { operator, tenantId } = await demoTenant(db, { keepRequiredEvidence: true });
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    const [agent] = await db
      .select()
      .from(agents)
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
    if (!agent) throw new Error("no agent");
    expect(agent.requiredEvidence).toEqual(["update_ticket"]);
    await expect(
      updateAgent(db, admin, agent.id, { expectedVersion: agent.version, requiredEvidence: ["write_file"] }),
    ).rejects.toMatchObject({ code: "invalid_input", field: "requiredEvidence" });
    await expect(
      updateAgent(db, admin, agent.id, {
        expectedVersion: agent.version,
        tools: agent.tools.filter((t) => t !== "update_ticket"),
      }),
    ).rejects.toMatchObject({ field: "requiredEvidence" });
    const saved = await updateAgent(db, admin, agent.id, {
      expectedVersion: agent.version,
      requiredEvidence: ["update_ticket", "send_email"],
    });
    expect(saved).toMatchObject({ changed: ["requiredEvidence"], agent: { version: agent.version + 1 } });
  });
});
