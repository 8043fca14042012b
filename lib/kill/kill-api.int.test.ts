import { describe, expect, it } from "vitest";
import * as releaseRoute from "@/app/api/v1/kill/release/route";
import * as killRoute from "@/app/api/v1/kill/route";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";

const { db } = await createTestDatabase();
const { operator, tenantId } = await demoTenant(db);
const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
const { key: operatorKey } = await createApiKey(db, admin, { name: "ops", role: "operator" });
const { key: viewerKey } = await createApiKey(db, admin, { name: "view", role: "viewer" });
const stranger = await demoTenant(db);
const { key: strangerKey } = await createApiKey(
  db,
  await createMember(db, { id: stranger.tenantId, name: "x" }, "admin"),
  { name: "x", role: "admin" },
);

const noParams = { params: Promise.resolve({}) };
const post = (path: string, key: string, body: unknown) =>
  new Request(`http://localhost/api/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("/api/v1/kill", () => {
  it("pauses and resumes an agent by name, and reports who did it", async () => {
    const engaged = await killRoute.POST(
      post("kill", operatorKey, { scope: "agent", target: "support-triage", reason: "api drill" }),
      noParams,
    );
    expect(engaged.status).toBe(201);
    expect(await engaged.json()).toMatchObject({ scope: "agent", reason: "api drill", released_at: null });
    const released = await releaseRoute.POST(
      post("kill/release", operatorKey, { scope: "agent", target: "support-triage", reason: "done" }),
      noParams,
    );
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ release_reason: "done", released_by: "API key ops" });
  });

  it("answers 403 for viewers and for an operator's global stop, 404 for another tenant's run, 400 without a reason", async () => {
    const run = await startRun(db, operator, { agent: "ops-health", input: "Check" });
    const viewer = await killRoute.POST(
      post("kill", viewerKey, { scope: "run", target: run.id, reason: "x y z" }),
      noParams,
    );
    expect(viewer.status).toBe(403);
    const global = await killRoute.POST(
      post("kill", operatorKey, { scope: "global", reason: "everything" }),
      noParams,
    );
    expect(global.status).toBe(403);
    const foreign = await killRoute.POST(
      post("kill", strangerKey, { scope: "run", target: run.id, reason: "not mine" }),
      noParams,
    );
    expect(foreign.status).toBe(404);
    const invalid = await killRoute.POST(
      post("kill", operatorKey, { scope: "run", target: run.id }),
      noParams,
    );
    expect(invalid.status).toBe(400);
  });
});
