import { describe, expect, it } from "vitest";
import * as prices from "@/app/api/v1/prices/route";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedModelPrices } from "./pricing";

const { db } = await createTestDatabase();
await seedModelPrices(db);
const tenant = await createTenant(db, "Prices API Co");
const admin = await createMember(db, tenant, "admin");
const { key: adminKey } = await createApiKey(db, admin, { name: "admin key", role: "admin" });
const { key: operatorKey } = await createApiKey(db, admin, { name: "operator key", role: "operator" });
const { key: viewerKey } = await createApiKey(db, admin, { name: "viewer key", role: "viewer" });
const other = await createTenant(db);
const { key: strangerKey } = await createApiKey(db, await createMember(db, other, "admin"), {
  name: "stranger key",
  role: "admin",
});

const noParams = { params: Promise.resolve({}) };
const request = (key: string, method = "GET", body?: unknown, query = "") =>
  new Request(`http://localhost/api/v1/prices${query}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const correction = {
  model: "openai:gpt-5-mini",
  effective_from: yesterday,
  input_per_mtok: 0.3,
  cached_input_per_mtok: 0.03,
  output_per_mtok: 2.5,
  reasoning_per_mtok: null,
  note: "Invoice",
};

async function table(key: string) {
  const response = await prices.GET(request(key), noParams);
  expect(response.status).toBe(200);
  const body = await response.json();
  return body.models.find((m: { model: string }) => m.model === "openai:gpt-5-mini").prices;
}

describe("/api/v1/prices", () => {
  it("lists list prices in snake_case to any role", async () => {
    expect(await table(viewerKey)).toEqual([
      {
        model: "openai:gpt-5-mini",
        effective_from: "2025-11-01",
        input_per_mtok: 0.25,
        cached_input_per_mtok: 0.025,
        output_per_mtok: 2,
        reasoning_per_mtok: null,
        context_window: 400_000,
        source: "list",
        note: expect.stringContaining("OpenAI"),
        tenant: false,
        superseded: false,
        updated_at: expect.any(String),
      },
    ]);
  });

  it("sets a correction (admin), shows it to the tenant only, and deletes it", async () => {
    for (const key of [viewerKey, operatorKey]) {
      const refused = await prices.PUT(request(key, "PUT", correction), noParams);
      expect(refused.status).toBe(403);
    }
    const response = await prices.PUT(request(adminKey, "PUT", correction), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      price: {
        model: "openai:gpt-5-mini",
        effective_from: yesterday,
        source: "tenant: API key admin key",
        tenant: true,
      },
      recomputed: { from: yesterday, until: null, runs: 0, steps: 0 },
    });
    expect((await table(viewerKey)).map((p: { source: string }) => p.source)).toEqual([
      "tenant: API key admin key",
      "list",
    ]);
    expect(await table(strangerKey)).toHaveLength(1);

    const query = `?model=openai:gpt-5-mini&effective_from=${yesterday}`;
    expect((await prices.DELETE(request(operatorKey, "DELETE", undefined, query), noParams)).status).toBe(
      403,
    );
    const deleted = await prices.DELETE(request(adminKey, "DELETE", undefined, query), noParams);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ price: null, recomputed: { runs: 0 } });
    const again = await prices.DELETE(request(adminKey, "DELETE", undefined, query), noParams);
    expect(again.status).toBe(404);
    expect(await table(viewerKey)).toHaveLength(1);
  });

  it("answers 400 naming the field for a future date, a negative price, a bad model or window", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ effective_from: "2999-01-01" }, "effective_from"],
      [{ output_per_mtok: -1 }, "output_per_mtok"],
      [{ model: "gpt-5" }, "model"],
      [{ input_per_mtok: "1" }, "input_per_mtok"],
      [{ context_window: 10 }, "context_window"],
      [{ context_window: 1.5e4 + 0.5 }, "context_window"],
    ];
    for (const [change, field] of cases) {
      const response = await prices.PUT(request(adminKey, "PUT", { ...correction, ...change }), noParams);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "invalid_input", field });
    }
  });
});
