import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as runDetail from "@/app/api/v1/runs/[id]/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import { auditLog, runs } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { setRedactionRules } from "./tenant-rules";

vi.mock("server-only", () => ({}));
const { runEventStream } = await import("@/lib/runs/live");

const { db } = await createTestDatabase();
const { operator, tenantId } = await demoTenant(db);
const tenant = { id: tenantId, name: operator.tenantName };
const admin = await createMember(db, tenant, "admin");
const viewer = await createMember(db, tenant, "viewer");
const { key: viewerKey } = await createApiKey(db, admin, { name: "view", role: "viewer" });
const { key: operatorKey } = await createApiKey(db, admin, { name: "ops", role: "operator" });

// A goal full of customer text, and an answer that repeats it.
const goal =
  "Call Jane Doe at +1 415 555 0132 or jane.doe@example.com about order O-5004, shipped to 42 Elm Street; card 4111 1111 1111 1234; project Falcon.";
const run = await runToEnd(db, testEngine(db), operator, { agent: "ops-health", input: goal });
await db
  .update(runs)
  .set({ output: `Told Jane Doe (jane.doe@example.com) that O-5004 is fine.` })
  .where(eq(runs.id, run.id));
const SECRETS = ["Jane", "Doe", "jane.doe@", "415 555", "Elm Street", "4111 1111"];

const get = (key: string, path: string) =>
  new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } });
const noParams = { params: Promise.resolve({}) };

async function streamText(actor: typeof viewer): Promise<string> {
  const abort = new AbortController();
  const response = runEventStream(db, actor, run.id, 0, abort.signal);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!text.includes("event: end")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  abort.abort();
  return text;
}

describe("redaction for viewers", () => {
  it("hides names, phone numbers, addresses, email addresses and card digits in the API, pages' views and streams", async () => {
    const list = await (await runsRoute.GET(get(viewerKey, "/api/v1/runs"), noParams)).text();
    const detail = await (
      await runDetail.GET(get(viewerKey, `/api/v1/runs/${run.id}`), {
        params: Promise.resolve({ id: run.id }),
      })
    ).text();
    const stream = await streamText(viewer);
    for (const [where, text] of Object.entries({ list, detail, stream })) {
      for (const secret of SECRETS) expect(text, `${where}: ${secret}`).not.toContain(secret);
      expect(text, where).toContain("O-5004");
    }
    // People who may read payloads see the goal as it was.
    const unredacted = await (await runsRoute.GET(get(operatorKey, "/api/v1/runs"), noParams)).text();
    expect(unredacted).toContain("jane.doe@example.com");
  });

  it("follows the tenant's rules: kinds chosen, its own patterns, audited without the patterns", async () => {
    await setRedactionRules(db, admin, { types: ["email"], patterns: ["falcon", "o-\\d+"] });
    const detail = await (
      await runDetail.GET(get(viewerKey, `/api/v1/runs/${run.id}`), {
        params: Promise.resolve({ id: run.id }),
      })
    ).json();
    expect(detail.input).toContain("Jane Doe");
    expect(detail.input).not.toContain("jane.doe@");
    expect(detail.input).not.toMatch(/falcon|O-5004/i);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "redaction.updated")));
    expect(entry?.details).toEqual({
      types: { from: ["email", "phone", "card", "address", "name"], to: ["email"] },
      patterns: { from: 0, to: 2 },
    });
  });

  it("is set by admins only, refuses broken patterns, and stays within its tenant", async () => {
    await expect(setRedactionRules(db, viewer, { types: [], patterns: [] })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(setRedactionRules(db, admin, { types: ["email"], patterns: ["(unclosed"] })).rejects.toThrow(
      /missing closing/,
    );
    const other = await createTenant(db);
    const otherAdmin = await createMember(db, other, "admin");
    await setRedactionRules(db, otherAdmin, { types: [], patterns: [] });
    const detail = await (
      await runDetail.GET(get(viewerKey, `/api/v1/runs/${run.id}`), {
        params: Promise.resolve({ id: run.id }),
      })
    ).json();
    expect(detail.input).not.toContain("jane.doe@");
  });
});
