import { describe, expect, it } from "vitest";
import * as suiteRoute from "@/app/api/v1/eval-suites/[name]/route";
import * as suiteRunRoute from "@/app/api/v1/eval-suites/[name]/runs/[id]/route";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { SUITE_FORMAT } from "./case-schema";
import { caseHistory, latestResults, recordSuiteRun } from "./suite-runs";
import { exportSuite, importSuite, suiteByName } from "./suite-store";

const { db } = await createTestDatabase();
const tenant = await createTenant(db);
const admin = await createMember(db, tenant, "admin");
const operator = await createMember(db, tenant, "operator");
const viewer = await createMember(db, tenant, "viewer");
const { key: viewerKey } = await createApiKey(db, admin, { name: "view", role: "viewer" });
const { key: operatorKey } = await createApiKey(db, admin, { name: "ops", role: "operator" });

// A case saved from a customer's run: its goal, the arguments of its calls, what its checks say.
const goal = "Email Jane Doe at jane.doe@example.com about order O-5004; call +1 415 555 0132.";
const SECRETS = ["Jane", "jane.doe@", "415 555"];
await importSuite(db, operator, {
  format: SUITE_FORMAT,
  name: "customers",
  cases: [
    {
      name: "jane",
      agent: { name: "support-triage" },
      goal,
      fixture: {
        tickets: [{ id: "T-1", subject: "From Jane Doe", body: "Reach me at jane.doe@example.com" }],
      },
      expect: {
        receipts: [{ tool: "send_email", args: { to: "jane.doe@example.com", order_id: 5004 } }],
        demo: [{ kind: "emails_sent", to: "jane.doe@example.com", at_least: 1 }],
      },
    },
  ],
});
const recorded = await recordSuiteRun(
  db,
  operator,
  {
    suite: "customers",
    startedAt: new Date().toISOString(),
    durationMs: 10,
    model: null,
    passed: 0,
    failed: 1,
    costUsd: 0,
    cases: [
      {
        name: "jane",
        agent: "support-triage",
        agentVersion: 1,
        model: null,
        pass: false,
        status: "failed",
        stopReason: "tool_failed",
        steps: 2,
        costUsd: null,
        durationMs: 5,
        setupMs: 1,
        runId: null,
        checks: [
          { check: "emails to jane.doe@example.com at least 1", pass: false, reason: "none to Jane Doe" },
        ],
        calls: [
          { tool: "send_email", args: { to: "jane.doe@example.com", n: 1 }, status: "error", receipt: false },
        ],
        error: "could not reach jane.doe@example.com",
      },
    ],
  },
  [],
);

const get = (key: string, path: string) =>
  new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } });

async function everythingSeenBy(actor: typeof viewer, key: string): Promise<Record<string, string>> {
  const suite = await suiteByName(db, actor, "customers");
  const [latest] = await latestResults(db, actor, suite.id);
  const history = await caseHistory(db, actor, latest?.result.caseId ?? "");
  const api = await suiteRoute.GET(get(key, "/api/v1/eval-suites/customers"), {
    params: Promise.resolve({ name: "customers" }),
  });
  const runApi = await suiteRunRoute.GET(get(key, `/api/v1/eval-suites/customers/runs/${recorded.id}`), {
    params: Promise.resolve({ name: "customers", id: recorded.id }),
  });
  return {
    export: JSON.stringify(await exportSuite(db, actor, "customers")),
    latest: JSON.stringify(latest),
    history: JSON.stringify(history),
    api: await api.text(),
    runApi: await runApi.text(),
  };
}

describe("eval suites for viewers", () => {
  it("mask a case's goal, fixture, arguments and its results' text as run views do; operators see them", async () => {
    const seen = await everythingSeenBy(viewer, viewerKey);
    for (const [where, text] of Object.entries(seen)) {
      for (const secret of SECRETS) expect(text, `${where}: ${secret}`).not.toContain(secret);
      // The case is there, under its own name.
      expect(text, where).toContain('"jane"');
    }
    expect(JSON.parse(seen.export ?? "").cases[0].expect.receipts[0].args).toEqual({
      to: "[redacted]",
      order_id: 5004,
    });
    const unmasked = await everythingSeenBy(operator, operatorKey);
    for (const [where, text] of Object.entries(unmasked))
      if (where !== "runApi") expect(text, where).toContain("jane.doe@example.com");
  });

  it("still hide another tenant's suite, and find none under a name no suite can have", async () => {
    const outsider = await createMember(db, await createTenant(db), "admin");
    await expect(exportSuite(db, outsider, "customers")).rejects.toMatchObject({ code: "not_found" });
    await expect(suiteByName(db, viewer, "cust\u0000omers")).rejects.toMatchObject({ code: "not_found" });
  });
});
