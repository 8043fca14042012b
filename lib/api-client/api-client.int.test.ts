import { describe, expect, it } from "vitest";
import { GET as openApi } from "@/app/api/v1/openapi.json/route";
import { API_ROUTES } from "@/app/api/v1/openapi.json/routes";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { routeFetch } from "@/lib/http/testing/route-fetch";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimUntil, demoTenant, testEngine } from "@/lib/runtime/testing/engine-harness";
import { documentHash } from "./document-hash";
import { GENERATED_FROM } from "./generated/document-hash";
import { flightdeckClient, getAgents, getRunsId, postRuns } from "./index";

const { db } = await createTestDatabase();

describe("the typed API client", () => {
  it("was generated from the API's current OpenAPI document (else: npm run api:client)", async () => {
    expect(GENERATED_FROM).toBe(documentHash(await (await openApi()).json()));
  });

  it("starts a run and reads it back with typed answers; a bad request is a typed error", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    const { key } = await createApiKey(db, admin, { name: "client", role: "operator" });
    const client = flightdeckClient({
      baseUrl: "http://flightdeck.test/",
      apiKey: key,
      fetch: routeFetch(API_ROUTES),
    });

    const listed = await getAgents({ client });
    expect(listed.data?.agents.map((agent) => agent.name)).toContain("support-triage");

    const started = await postRuns({ client, body: { agent: "support-triage", input: "Look up T-1001" } });
    expect(started.response?.status).toBe(201);
    const id = started.data?.id ?? "";
    const engine = testEngine(db);
    await executeRun(engine, await claimUntil(db, engine, id), new AbortController().signal);
    const read = await getRunsId({ client, path: { id } });
    expect(read.data).toMatchObject({ id, agent: "support-triage", status: "succeeded" });

    // The query is part of the contract: parsed by the route's schema, typed in the client.
    const badWait = await getRunsId({ client, path: { id }, query: { wait: -1 } });
    expect(badWait.response?.status).toBe(400);
    expect(badWait.error?.error.message).toMatch(/wait must be a number of seconds/);

    const refused = await postRuns({ client, body: { agent: "no-such-agent", input: "x" } });
    expect(refused.response?.status).toBe(404);
    expect(refused.error?.error.message).toMatch(/agent/i);

    const stranger = flightdeckClient({
      baseUrl: "http://flightdeck.test",
      apiKey: "fd_wrong",
      fetch: routeFetch(API_ROUTES),
    });
    expect((await getRunsId({ client: stranger, path: { id } })).response?.status).toBe(401);
  });
});
