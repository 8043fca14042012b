import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/v1/agents/route";
import { type ModelStepPayload, runSteps } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant, driveRun, testEngine } from "@/lib/runtime/testing/engine-harness";
import { toolsOf } from "@/lib/workflows/node-calls";
import { refundWorkflow } from "@/lib/workflows/refund";
import { createAgent } from "./create-agent";
import { updateAgent } from "./update-agent";

const { db } = await createTestDatabase();
const { operator, tenantId } = await demoTenant(db);
const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
const WORKFLOW_TOOLS = toolsOf(refundWorkflow.nodes);

const post = async (body: unknown) => {
  const { key } = await createApiKey(db, admin, { name: "agents", role: "admin" });
  return agentsRoute.POST(
    new Request("http://localhost/api/v1/agents", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) as Promise<never> },
  );
};

describe("an agent that follows a workflow", () => {
  it("is created over the API with a registered workflow and its tools, and its runs follow the graph", async () => {
    const created = await post({
      name: "my-refunds",
      model: "sim:default",
      instructions: "Follow the refund workflow.",
      tools: WORKFLOW_TOOLS,
      workflow: refundWorkflow.name,
      dry_run: false,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "my-refunds", workflow: "refund" });
    const run = await startRun(db, operator, { agent: "my-refunds", input: "Resolve T-1030" });
    expect((await driveRun(db, testEngine(db), run.id)).status).toBe("succeeded");
    const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.id));
    const nodes = steps.map((step) => (step.payload as ModelStepPayload).workflow?.node).filter(Boolean);
    expect(nodes).toEqual(expect.arrayContaining(["ticket_id", "classify", "refund", "done"]));
  });

  it("refuses a workflow nobody registered, or one whose tools the agent lacks, naming the field", async () => {
    const base = { model: "sim:default", instructions: "Follow it.", tools: WORKFLOW_TOOLS };
    const unknown = await post({ ...base, name: "no-such-flow", workflow: "nope" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { message: 'No workflow "nope": choose one of refund, or none.', field: "workflow" },
    });
    await expect(
      createAgent(db, admin, { ...base, name: "too-few-tools", tools: ["get_ticket"], workflow: "refund" }),
    ).rejects.toMatchObject({ code: "invalid_input", field: "tools" });
  });

  it("is switched onto a workflow and off it again by an edit, each a version", async () => {
    const agent = await createAgent(db, admin, {
      name: "switching",
      model: "sim:default",
      instructions: "Resolve tickets.",
      tools: WORKFLOW_TOOLS,
    });
    const on = await updateAgent(db, admin, agent.id, { expectedVersion: 1, workflow: "refund" });
    expect(on).toMatchObject({ agent: { version: 2, workflow: "refund" }, changed: ["workflow"] });
    // Tools a workflow calls cannot be taken away while the agent follows it.
    await expect(
      updateAgent(db, admin, agent.id, { expectedVersion: 2, tools: ["get_ticket"] }),
    ).rejects.toMatchObject({ field: "tools" });
    const off = await updateAgent(db, admin, agent.id, { expectedVersion: 2, workflow: null });
    expect(off).toMatchObject({ agent: { version: 3, workflow: null }, changed: ["workflow"] });
  });
});
