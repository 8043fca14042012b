import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/app/api/v1/openapi.json/routes";
import { createTestDatabase } from "@/db/testing/test-database";
import { endpointFixture } from "@/lib/http/testing/endpoint-fixture";
import { routeFetch } from "@/lib/http/testing/route-fetch";

const { db } = await createTestDatabase();
const { a, keys } = await endpointFixture(db);
const api = routeFetch(API_ROUTES);
const base = "http://localhost/api/v1/questions";

const list = (key: string, query = "") =>
  api(`${base}${query}`, { headers: { authorization: `Bearer ${key}` } });
const answer = (key: string, id: string, body: unknown) =>
  api(`${base}/${id}/answer`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("/api/v1/questions", () => {
  it("lists the agents' questions, redacted for viewers, and none of another tenant's", async () => {
    const response = await list(keys.operator, "?status=pending");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.questions).toEqual([
      expect.objectContaining({
        id: a.questionId,
        agent: "support-triage",
        question: "Which order is it about?",
        context: null,
        status: "pending",
        answer: null,
        redacted: false,
      }),
    ]);
    const viewed = await (await list(keys.viewer)).json();
    expect(viewed.questions[0]).toMatchObject({ question: "[redacted]", redacted: true });
    expect((await (await list(keys.outsider)).json()).questions).toEqual([]);
    expect((await list(keys.operator, "?status=maybe")).status).toBe(400);
    expect((await list("nope")).status).toBe(401);
  });

  it("answers: 403 for viewers, 404 for another tenant or an approval, 400 when invalid, then 200 and 409", async () => {
    const id = a.questionId;
    expect((await answer(keys.viewer, id, { answer: "O-5004" })).status).toBe(403);
    expect((await answer(keys.outsider, id, { answer: "O-5004" })).status).toBe(404);
    expect((await answer(keys.operator, a.approvalId, { answer: "O-5004" })).status).toBe(404);
    expect((await answer(keys.operator, "not-a-uuid", { answer: "O-5004" })).status).toBe(404);
    expect((await answer(keys.operator, id, { answer: "" })).status).toBe(400);
    expect((await answer(keys.operator, id, { answer: 42 })).status).toBe(400);
    expect((await answer(keys.operator, id, { answer: "x", extra: 1 })).status).toBe(400);
    const ok = await answer(keys.operator, id, { answer: "O-5004" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id, status: "answered", answer: "O-5004" });
    const again = await answer(keys.operator, id, { answer: "O-5005" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/Already answered by/);
    const history = await (await list(keys.operator, "?status=decided")).json();
    expect(history.questions[0]).toMatchObject({ id, answered_by: expect.any(String) });
  });
});
