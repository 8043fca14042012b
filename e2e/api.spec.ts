import { expect, signInAs, test, unique } from "./fixtures";

test("the health check answers without authentication", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
});

test("an unknown or missing API key gets a JSON 401", async ({ request }) => {
  const attempts: Record<string, string>[] = [{ Authorization: "Bearer fd_not-a-real-key-0000000000" }, {}];
  for (const headers of attempts) {
    const response = await request.get("/api/v1/me", { headers });
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  }
});

test("an unknown endpoint gets a JSON 404 with a valid key", async ({ page, request, settings }) => {
  await signInAs(page, "admin");
  await settings.goto();
  const key = await settings.createApiKey(unique("api test key"), "viewer");

  const response = await request.get("/api/v1/nope", { headers: { Authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
});
