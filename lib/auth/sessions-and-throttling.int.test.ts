import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { connect } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { resetEnvCache } from "@/lib/env";
import { apiRoute } from "@/lib/http/api-route";
import { hashPassword } from "./password";
import { revokeSessions, STREAM_RECHECK_MS, streamSignal } from "./session-version";
import { assertSignInAllowed, flushApiRequestCounts, recordFailedSignIn, SIGN_IN_LIMITS } from "./throttle";

vi.mock("server-only", () => ({}));
const session: { value: { userId?: string; sessionVersion?: number } | null } = { value: null };
vi.mock("next-auth", async (original) => ({
  ...(await original<object>()),
  getServerSession: async () => session.value,
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined }),
  headers: async () => new Headers(),
}));
const { authorizeWithPassword } = await import("@/lib/sign-in/auth-options");
const { currentSession } = await import("@/lib/sign-in/session");

const database = await createTestDatabase();
const { db } = database;
const tenant = await createTenant(db, "Throttle Co");

async function personWithPassword(email: string, password: string) {
  const member = await createMember(db, tenant, "operator");
  await db
    .update(users)
    .set({ email, passwordHash: await hashPassword(password) })
    .where(eq(users.id, member.id));
  return member;
}

const from = (address: string) => ({ headers: { "x-flightdeck-client-address": address } });

describe("sign-in throttling", () => {
  it("refuses the right password after a burst of wrong ones, with the time to wait", async () => {
    await personWithPassword("target@example.test", "the right password");
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      outcomes.push(
        await authorizeWithPassword(
          { email: "target@example.test", password: `guess ${i}` },
          from("203.0.113.7"),
        ).then(
          (user) => (user ? "in" : "wrong"),
          (error: Error) => error.message.split(":")[0] ?? "",
        ),
      );
    }
    expect(outcomes.slice(0, SIGN_IN_LIMITS.perAccount.points)).toEqual(Array(5).fill("wrong"));
    expect(new Set(outcomes.slice(SIGN_IN_LIMITS.perAccount.points))).toEqual(new Set(["TooManyAttempts"]));
    await expect(
      authorizeWithPassword(
        { email: "target@example.test", password: "the right password" },
        from("198.51.100.9"),
      ),
    ).rejects.toThrow(/^TooManyAttempts:\d+$/);
  });

  it("lets the right password in before the limit, and starts the count again", async () => {
    await personWithPassword("careful@example.test", "correct horse battery");
    for (let i = 0; i < 3; i++)
      expect(
        await authorizeWithPassword({ email: "careful@example.test", password: "nope" }, from("192.0.2.1")),
      ).toBeNull();
    expect(
      await authorizeWithPassword(
        { email: "careful@example.test", password: "correct horse battery" },
        from("192.0.2.1"),
      ),
    ).toMatchObject({ email: "careful@example.test" });
    for (let i = 0; i < 4; i++)
      expect(
        await authorizeWithPassword({ email: "careful@example.test", password: "nope" }, from("192.0.2.1")),
      ).toBeNull();
  });

  it("holds across processes: counts written by one are seen by another", async () => {
    const other = connect(database.url, { max: 2 });
    try {
      for (let i = 0; i < SIGN_IN_LIMITS.perAddress.points; i++)
        await recordFailedSignIn(other.db, `spray-${i}@example.test`, "198.51.100.77");
      await expect(assertSignInAllowed(db, "fresh@example.test", "198.51.100.77")).rejects.toMatchObject({
        name: "TooManyAttemptsError",
      });
      await expect(assertSignInAllowed(db, "fresh@example.test", "198.51.100.78")).resolves.toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe("API key rate limit", () => {
  it("answers 429 with Retry-After past the per-minute limit, per key", async () => {
    process.env.FLIGHTDECK_API_RATE_LIMIT = "3";
    resetEnvCache();
    const limited = connect(database.url, { max: 2 });
    (globalThis as { flightdeckDatabase?: unknown }).flightdeckDatabase = limited;
    try {
      const admin = await createMember(db, tenant, "admin");
      const { key } = await createApiKey(db, admin, { name: "busy", role: "viewer" });
      const { key: quiet } = await createApiKey(db, admin, { name: "quiet", role: "viewer" });
      const route = apiRoute({ scope: "runs:read" }, async () => ({ ok: true }));
      const call = (bearer: string) =>
        route(new Request("http://localhost/api/v1/x", { headers: { authorization: `Bearer ${bearer}` } }), {
          params: Promise.resolve({}),
        });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(key)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await call(key);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe("too_many_requests");
      expect((await call(quiet)).status).toBe(200);

      // Another process counts in memory from zero; the count they share in PostgreSQL stops the
      // key there too, from the request after the one that went over it.
      await flushApiRequestCounts(limited.db);
      const elsewhere = connect(database.url, { max: 2 });
      (globalThis as { flightdeckDatabase?: unknown }).flightdeckDatabase = elsewhere;
      try {
        expect((await call(quiet)).status).toBe(200);
        expect((await call(key)).status).toBe(200);
        // The shared count is added to after the answers (once a second), not before them.
        await flushApiRequestCounts(elsewhere.db);
        expect((await call(key)).status).toBe(429);
      } finally {
        await elsewhere.close();
      }
    } finally {
      delete process.env.FLIGHTDECK_API_RATE_LIMIT;
      resetEnvCache();
      (globalThis as { flightdeckDatabase?: unknown }).flightdeckDatabase = database;
      await limited.close();
    }
  });
});

describe("sessions", () => {
  it("end on sign-out, a reset or a password change: a token of the old version is signed out", async () => {
    const member = await createMember(db, tenant, "viewer");
    session.value = { userId: member.id, sessionVersion: 1 };
    expect((await currentSession())?.user.id).toBe(member.id);
    await revokeSessions(db, member.id);
    expect(await currentSession()).toBeNull();
    session.value = { userId: member.id, sessionVersion: 2 };
    expect((await currentSession())?.user.id).toBe(member.id);
    // A token from before versions existed carries none: it is signed out too.
    session.value = { userId: member.id };
    expect(await currentSession()).toBeNull();
  });

  it("close a live stream within seconds when the reader is demoted or removed", async () => {
    const member = await createMember(db, tenant, "operator");
    const grant = { userId: member.id, tenantId: tenant.id, role: "operator" as const, sessionVersion: 1 };
    const demoted = streamSignal(db, grant, new AbortController().signal);
    const removedMember = await createMember(db, tenant, "viewer");
    const removed = streamSignal(
      db,
      { userId: removedMember.id, tenantId: tenant.id, role: "viewer", sessionVersion: 1 },
      new AbortController().signal,
    );
    await db.update(memberships).set({ role: "viewer" }).where(eq(memberships.userId, member.id));
    await db.delete(memberships).where(eq(memberships.userId, removedMember.id));
    await new Promise((resolve) => setTimeout(resolve, STREAM_RECHECK_MS + 700));
    expect(demoted.aborted).toBe(true);
    expect(removed.aborted).toBe(true);
  }, 15_000);
});
