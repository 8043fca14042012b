import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/testing/test-database";
import { roleHasScope } from "@/lib/auth/scopes";
import {
  type ActionCase,
  actionCases,
  actionsElsewhere,
  type RouteCase,
  routeCases,
  routesElsewhere,
} from "./testing/endpoint-cases";
import {
  type ActionOutcome,
  type Caller,
  callAction,
  callRoute,
  codeOf,
  endpointFixture,
  exportedActions,
  METHODS,
  type Outcome,
  root,
  routeFiles,
} from "./testing/endpoint-fixture";
import { signedIn } from "./testing/next-request-mocks";

/**
 * Every route handler and server action × every kind of caller → the outcome it must get. The
 * registries (testing/endpoint-cases.ts) are checked against the files on disk: an endpoint missing
 * from them fails this test, so a new endpoint cannot ship without saying who may call it.
 */
const { db } = await createTestDatabase();
const fx = await endpointFixture(db);
const { markersOfA } = fx;
const routes = routeCases(fx.a);
const actions = actionCases(fx.a);

function expectRouteOutcome(spec: RouteCase, caller: Caller, outcome: Outcome) {
  const where = `${caller}: ${outcome.status} ${outcome.text.slice(0, 200)}`;
  expect(outcome.status, where).toBeLessThan(500);
  if (spec.scope === "public") return;
  if (caller === "anonymous" || caller === "revoked key") return expect(outcome.status, where).toBe(401);
  if (caller === "another tenant") {
    if (spec.namesResource) expect([403, 404], where).toContain(outcome.status);
    for (const marker of markersOfA) expect(outcome.text, where).not.toContain(marker);
    return;
  }
  if (roleHasScope(caller, spec.scope)) expect([401, 403], where).not.toContain(outcome.status);
  else expect(outcome.status, where).toBe(403);
}

function expectActionOutcome(
  spec: ActionCase,
  caller: Exclude<Caller, "revoked key">,
  outcome: ActionOutcome,
) {
  const code = codeOf(outcome);
  const where = `${caller}: ${code} ${JSON.stringify("result" in outcome ? outcome.result : String(outcome.thrown)).slice(0, 300)}`;
  expect(code, where).not.toBe("internal");
  expect(code, where).not.toBe("thrown");
  if (spec.scope === "public") return;
  if (caller === "anonymous") return expect(code, where).toBe("unauthenticated");
  if (caller === "another tenant") {
    const text = JSON.stringify("result" in outcome ? outcome.result : null) ?? "";
    for (const marker of markersOfA) expect(text, where).not.toContain(marker);
    if (spec.namesResource) expect(["not_found", "forbidden", "invalid_input"], where).toContain(code);
    return;
  }
  if (spec.scope === "signed-in" || roleHasScope(caller, spec.scope))
    expect(
      spec.refusedWhenUnconfigured ? ["unauthenticated"] : ["unauthenticated", "forbidden"],
      where,
    ).not.toContain(code);
  else expect(code, where).toBe("forbidden");
}

afterAll(() => {
  signedIn.userId = null;
});

describe("the authorization matrix", () => {
  it("names every route handler and every server action", async () => {
    const onDisk: string[] = [];
    for (const file of routeFiles()) {
      if (routesElsewhere[file]) continue;
      const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      for (const method of METHODS)
        if (typeof module[method] === "function") onDisk.push(`${method} ${file}`);
    }
    expect(onDisk.sort()).toEqual(Object.keys(routes).sort());
    const exported = (await exportedActions()).filter((id) => !actionsElsewhere[id]);
    expect(exported).toEqual(Object.keys(actions).sort());
  }, 60_000);

  const routeCallers: Caller[] = [
    "anonymous",
    "revoked key",
    "another tenant",
    "viewer",
    "operator",
    "admin",
  ];
  for (const [id, spec] of Object.entries(routes)) {
    it(`${id}: ${spec.scope}`, async () => {
      const [method, file] = id.split(" ") as [string, string];
      for (const caller of routeCallers)
        expectRouteOutcome(spec, caller, await callRoute(fx, file, method, spec, caller));
    });
  }

  const actionCallers = ["anonymous", "another tenant", "viewer", "operator", "admin"] as const;
  for (const [id, spec] of Object.entries(actions)) {
    it(`${id}: ${spec.scope}`, async () => {
      for (const caller of actionCallers)
        expectActionOutcome(spec, caller, await callAction(fx, id, spec, caller));
    });
  }
});
