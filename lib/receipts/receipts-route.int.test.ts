import { describe, expect, it, vi } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import type { Actor } from "@/lib/auth/actor";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import type { ReceiptLink } from "./links";

// The route reads the signed-in session: here it is whoever `signedIn` names.
let signedIn: Actor | null = null;
vi.mock("server-only", () => ({}));
vi.mock("@/lib/sign-in/session", () => ({
  currentSession: async () => (signedIn ? { actor: signedIn, user: {}, tenants: [] } : null),
}));
const route = await import("@/app/api/runs/[id]/receipts/route");

const { db } = await createTestDatabase();
const { operator } = await demoTenant(db);
const run = await runToEnd(db, testEngine(db), operator, {
  agent: "support-triage",
  input: "Resolve ticket T-1009",
  model: "sim:default",
});
const stranger = await createMember(db, await createTenant(db), "admin");

const getReceipts = (runId: string) =>
  route.GET(new Request(`http://localhost/api/runs/${runId}/receipts`), {
    params: Promise.resolve({ id: runId }),
  });

describe("a run page's receipts, read while it follows the run", () => {
  it("lists the run's receipts for a member of its tenant", async () => {
    signedIn = operator;
    const response = await getReceipts(run.id);
    expect(response.status).toBe(200);
    const { receipts } = (await response.json()) as { receipts: ReceiptLink[] };
    expect(receipts.map((r) => r.tool)).toEqual(
      expect.arrayContaining(["issue_refund", "send_email", "update_ticket"]),
    );
    expect(receipts.every((r) => r.kind === "action")).toBe(true);
  });

  it("answers nobody else", async () => {
    signedIn = null;
    expect((await getReceipts(run.id)).status).toBe(401);
    signedIn = stranger;
    expect((await getReceipts(run.id)).status).toBe(404);
    expect((await getReceipts("not-a-run")).status).toBe(404);
  });
});
