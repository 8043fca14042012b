import { describe, expect, it } from "vitest";
import * as runDetail from "@/app/api/v1/runs/[id]/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { seedModelPrices } from "@/lib/models/pricing";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimUntil, testEngine } from "@/lib/runtime/testing/engine-harness";

const { db } = await createTestDatabase();
await seedModelPrices(db);
const tenant = await createTenant(db);
await seedDemoBusiness(db, tenant.id);
const admin = await createMember(db, tenant, "admin");
const { key: operatorKey } = await createApiKey(db, admin, { name: "ops", role: "operator" });
const { key: viewerKey } = await createApiKey(db, admin, { name: "view", role: "viewer" });
const other = await createTenant(db);
const { key: strangerKey } = await createApiKey(db, await createMember(db, other, "admin"), {
  name: "x",
  role: "admin",
});

const noParams = { params: Promise.resolve({}) };
const call = (key: string, body?: unknown) =>
  new Request("http://localhost/api/v1/runs", {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });

describe("/api/v1/runs", () => {
  it("starts a run, and the run reads back to completion with its steps and receipts", async () => {
    const started = await runsRoute.POST(
      call(operatorKey, { agent: "support-triage", input: "Resolve ticket T-1005" }),
      noParams,
    );
    expect(started.status).toBe(201);
    const { id, status } = await started.json();
    expect(status).toBe("queued");

    const engine = testEngine(db);
    await executeRun(engine, await claimUntil(db, engine, id), new AbortController().signal);

    const viewerBody = await (
      await runDetail.GET(call(viewerKey), { params: Promise.resolve({ id }) })
    ).json();
    expect(viewerBody.redacted).toBe(true);
    // Masked as "t•••@example.com": no full local part of an address is left.
    expect(JSON.stringify(viewerBody)).not.toMatch(/[A-Za-z0-9._%+-]{2,}@/);
    expect(viewerBody.steps.find((s: { tool?: string }) => s.tool === "issue_refund").args).toEqual({
      order_id: "[redacted]",
      amount_usd: 42,
      reason: "[redacted]",
    });

    const detail = await runDetail.GET(call(operatorKey), { params: Promise.resolve({ id }) });
    const body = await detail.json();
    expect(body.redacted).toBe(false);
    expect(body).toMatchObject({
      id,
      status: "succeeded",
      stop_reason: "completed",
      agent: "support-triage",
      model: "sim:default",
      simulated: true,
    });
    expect(body.cost_usd).toBeGreaterThan(0);
    const refund = body.steps.find((s: { tool?: string }) => s.tool === "issue_refund");
    expect(refund).toMatchObject({
      kind: "tool",
      status: "ok",
      args: { order_id: "O-5005", amount_usd: 42 },
    });
    expect(refund.receipt.ledger_id).toBeDefined();

    const list = await (await runsRoute.GET(call(viewerKey), noParams)).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toContain(id);
  });

  it("waits for a run to end (?wait=), and lists its receipts with the ids undo takes", async () => {
    const started = await runsRoute.POST(
      call(operatorKey, { agent: "support-triage", input: "Resolve ticket T-1005" }),
      noParams,
    );
    const { id } = await started.json();
    const waiting = runDetail.GET(
      new Request(`http://localhost/api/v1/runs/${id}?wait=30`, {
        headers: { authorization: `Bearer ${operatorKey}` },
      }),
      { params: Promise.resolve({ id }) },
    );
    const engine = testEngine(db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await executeRun(engine, await claimUntil(db, engine, id), new AbortController().signal);
    const body = await (await waiting).json();
    expect(body).toMatchObject({ id, status: "succeeded" });
    // Every receipted step's receipt, in order, with its id (the first: the ticket read).
    const receipted = body.steps.filter((step: { receipt?: unknown }) => step.receipt);
    expect(body.receipts.map((r: { seq: number }) => r.seq)).toEqual(
      receipted.map((step: { seq: number }) => step.seq),
    );
    expect(body.receipts[0]).toMatchObject({
      id: expect.any(Number),
      kind: "action",
      tool: "get_ticket",
      risk: "read",
      revertable: false,
      reverted_by: null,
      evidence: expect.objectContaining({ ticket_id: "T-1005" }),
    });
    // Without a wait, a queued run answers at once.
    const queued = await (
      await runsRoute.POST(
        call(operatorKey, { agent: "support-triage", input: "Resolve ticket T-1005" }),
        noParams,
      )
    ).json();
    const at = Date.now();
    const now = await runDetail.GET(call(operatorKey), { params: Promise.resolve({ id: queued.id }) });
    expect((await now.json()).status).toBe("queued");
    expect(Date.now() - at).toBeLessThan(2_000);
  });

  it("answers 404 for an unknown agent, 400 naming the field, 403 for a viewer, 404 across tenants", async () => {
    const unknown = await runsRoute.POST(call(operatorKey, { agent: "nobody", input: "x" }), noParams);
    expect(unknown.status).toBe(404);
    const invalid = await runsRoute.POST(call(operatorKey, { agent: "support-triage" }), noParams);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.field).toBe("input");
    const badModel = await runsRoute.POST(
      call(operatorKey, { agent: "support-triage", input: "x", model: "gpt" }),
      noParams,
    );
    expect((await badModel.json()).error).toMatchObject({ code: "invalid_input", field: "model" });
    const viewer = await runsRoute.POST(call(viewerKey, { agent: "support-triage", input: "x" }), noParams);
    expect(viewer.status).toBe(403);

    const mine = await (
      await runsRoute.POST(call(operatorKey, { agent: "ops-health", input: "check" }), noParams)
    ).json();
    const stranger = await runDetail.GET(call(strangerKey), { params: Promise.resolve({ id: mine.id }) });
    expect(stranger.status).toBe(404);
    const strangerList = await (await runsRoute.GET(call(strangerKey), noParams)).json();
    expect(strangerList.runs).toEqual([]);
  });

  it("takes per-run limits: tighter ones from an operator, a raise only from an admin, validated", async () => {
    const started = await runsRoute.POST(
      call(operatorKey, { agent: "ops-health", input: "check", limits: { max_steps: 1, max_tool_calls: 1 } }),
      noParams,
    );
    expect(started.status).toBe(201);
    expect(started.headers.get("deprecation")).toBeNull();
    const { id } = await started.json();
    const engine = testEngine(db);
    await executeRun(engine, await claimUntil(db, engine, id), new AbortController().signal);
    const body = await (await runDetail.GET(call(operatorKey), { params: Promise.resolve({ id }) })).json();
    expect(body).toMatchObject({ status: "stopped", stop_reason: "budget_steps" });
    const list = async (query: string) => {
      const response = await runsRoute.GET(
        new Request(`http://localhost/api/v1/runs?${query}`, {
          headers: { authorization: `Bearer ${viewerKey}` },
        }),
        noParams,
      );
      return {
        status: response.status,
        ids: ((await response.json()).runs ?? []).map((r: { id: string }) => r.id),
      };
    };
    expect((await list("stop_reason=budget_steps")).ids).toContain(id);
    expect((await list("stop_reason=completed")).ids).not.toContain(id);
    expect((await list("stop_reason=bored")).status).toBe(400);

    const raise = await runsRoute.POST(
      call(operatorKey, { agent: "ops-health", input: "check", limits: { max_steps: 1000 } }),
      noParams,
    );
    expect(raise.status).toBe(403);
    // The previous release's camelCase names still work for now, and the answer says they are deprecated.
    const oldStyle = await runsRoute.POST(
      call(operatorKey, { agent: "ops-health", input: "check", limits: { maxSteps: 1000 } }),
      noParams,
    );
    expect(oldStyle.status).toBe(403);
    expect(oldStyle.headers.get("deprecation")).toBe("true");
    const oldDryRun = await runsRoute.POST(
      call(operatorKey, { agent: "ops-health", input: "check", dryRun: true }),
      noParams,
    );
    expect(oldDryRun.status).toBe(201);
    expect(oldDryRun.headers.get("deprecation")).toBe("true");
    expect(oldDryRun.headers.get("link")).toContain('rel="deprecation"');
    const dryRunId = (await oldDryRun.json()).id;
    const dry = await (
      await runDetail.GET(call(operatorKey), { params: Promise.resolve({ id: dryRunId }) })
    ).json();
    expect(dry.dry_run).toBe(true);
    const invalid = await runsRoute.POST(
      call(operatorKey, { agent: "ops-health", input: "check", limits: { max_tokens: -1 } }),
      noParams,
    );
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.field).toBe("limits.max_tokens");
    const unknownLimit = await runsRoute.POST(
      call(operatorKey, { agent: "ops-health", input: "check", limits: { maxMoney: 1 } }),
      noParams,
    );
    expect(unknownLimit.status).toBe(400);
  });
});
