import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import * as policiesRoute from "@/app/api/v1/policies/route";
import * as testCall from "@/app/api/v1/policies/test/route";
import { policies } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { cedar } from "./cedar-engine";

const { db } = await createTestDatabase();
const attacker = await demoTenant(db);
const victim = await demoTenant(db);
const adminOf = async (t: { operator: { tenantName: string }; tenantId: string }) => {
  const admin = await createMember(db, { id: t.tenantId, name: t.operator.tenantName }, "admin");
  return (await createApiKey(db, admin, { name: "admin", role: "admin" })).key;
};
const attackerKey = await adminOf(attacker);
const victimKey = await adminOf(victim);

const noParams = { params: Promise.resolve({}) };
const post = (key: string, body: unknown, method = "POST") =>
  new Request("http://localhost/api/v1/policies", {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const nested = (depth: number) =>
  `@id("deep") permit(principal, action, resource) when { ${"(".repeat(depth)}true${")".repeat(depth)} };`;
const chained = (terms: number) =>
  `@id("long") permit(principal, action, resource) when { ${Array(terms).fill("true").join(" && ")} };`;
const readOrder = { agent: "support-triage", tool: "get_order", args: { order_id: "O-5004" } };
const breakCedar = () =>
  expect(() => cedar().policySetTextToParts(nested(200))).toThrow(/memory access out of bounds|call stack/);
const healthOf = async () => {
  const response = await health();
  return { status: response.status, body: await response.json() };
};

describe("the policy engine against hostile policy text", () => {
  it("refuses text past its bounds with a 400 naming the limit, and every tenant's decisions go on", async () => {
    for (const text of [nested(200), chained(3000)]) {
      const saved = await policiesRoute.PUT(post(attackerKey, { text }, "PUT"), noParams);
      expect(saved.status).toBe(400);
      expect((await saved.json()).error.message).toMatch(/limit/);
      const tried = await testCall.POST(post(attackerKey, { ...readOrder, draft: text }), noParams);
      expect(tried.status).toBe(400);
    }
    const decided = await testCall.POST(post(victimKey, readOrder), noParams);
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ effect: "allow" });
    expect(await healthOf()).toMatchObject({ status: 200, body: { policyEngine: "ok" } });
  });

  it("restarts a faulted engine and decides again: runs of every tenant carry on", async () => {
    breakCedar();
    const run = await runToEnd(db, testEngine(db), victim.operator, {
      agent: "ops-health",
      input: "Check the app's health",
    });
    expect(run).toMatchObject({ status: "succeeded", stopReason: "completed" });
    breakCedar();
    const decided = await testCall.POST(post(attackerKey, readOrder), noParams);
    expect(decided.status).toBe(200);
    breakCedar();
    expect(await healthOf()).toMatchObject({ status: 200, body: { policyEngine: "ok" } });
  });

  it("ends a run policy_unavailable, not model_failed, when its tenant's policy cannot be processed", async () => {
    // Written around the checks (as an old version, or by hand in the database).
    await db
      .insert(policies)
      .values({ tenantId: attacker.tenantId, version: 1, text: nested(200), createdBy: "db" });
    const run = await runToEnd(db, testEngine(db), attacker.operator, {
      agent: "ops-health",
      input: "Check the app's health",
    });
    expect(run).toMatchObject({ status: "failed", stopReason: "policy_unavailable" });
    expect(run.error).toMatch(/24 levels/);
    // The other tenant is untouched.
    const other = await runToEnd(db, testEngine(db), victim.operator, {
      agent: "ops-health",
      input: "Check the app's health",
    });
    expect(other.status).toBe("succeeded");
    expect(DEFAULT_POLICY.length).toBeGreaterThan(0);
  });
});
