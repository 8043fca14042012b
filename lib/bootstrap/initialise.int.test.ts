import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, auditLog, demoTickets, memberships, modelPrices, tenants, users } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { verifyPassword } from "@/lib/auth/password";
import type { Env } from "@/lib/env";
import { initialise } from "./initialise";

const { db } = await createTestDatabase();
const base: Env = { FLIGHTDECK_DATA_DIR: ".data", PORT: 3000, HOST: "0.0.0.0", OIDC_NAME: "SSO" } as Env;

describe("start-up initialisation", () => {
  it("seeds the demo tenant once, with three roles whose printed passwords work", async () => {
    const first = await initialise(db, base);
    expect(first.demo?.tenant).toBe("Acme Support");
    expect(first.demo?.credentials.map((c) => c.role)).toEqual(["admin", "operator", "viewer"]);
    const admin = first.demo?.credentials[0];
    const [user] = await db
      .select()
      .from(users)
      .where(eq(users.email, admin?.email ?? ""));
    expect(await verifyPassword(user?.passwordHash ?? "", admin?.password ?? "")).toBe(true);

    const second = await initialise(db, base);
    expect(second.demo).toBeNull();
    expect((await db.select({ n: count() }).from(tenants))[0]?.n).toBe(1);
  });

  it("creates the FLIGHTDECK_INIT_* tenant, admin and key idempotently, never overwriting", async () => {
    const config = {
      ...base,
      FLIGHTDECK_DEMO: false,
      FLIGHTDECK_INIT_TENANT: "Globex Ops",
      FLIGHTDECK_INIT_ADMIN_EMAIL: "root@globex.test",
      FLIGHTDECK_INIT_ADMIN_PASSWORD: "a-long-initial-password",
      FLIGHTDECK_INIT_API_KEY: "fdk_initial_key_for_automation_0001",
    };
    const first = await initialise(db, config);
    expect(first.initTenant).toEqual({ tenant: "Globex Ops", adminCreated: true, apiKeyCreated: true });
    const again = await initialise(db, {
      ...config,
      FLIGHTDECK_INIT_ADMIN_PASSWORD: "another-password-entirely",
    });
    expect(again.initTenant).toEqual({ tenant: "Globex Ops", adminCreated: false, apiKeyCreated: false });

    const [user] = await db.select().from(users).where(eq(users.email, "root@globex.test"));
    expect(await verifyPassword(user?.passwordHash ?? "", "a-long-initial-password")).toBe(true);
    // Its password came from configuration, not from its owner: it stays confined to this tenant.
    expect(user?.emailVerified).toBe(false);
    // …though the deployment vouches for it: FLIGHTDECK_PLATFORM_ADMINS may name it.
    expect(user?.provisioned).toBe(true);
    const [membership] = await db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, user?.id ?? ""));
    expect(membership?.role).toBe("admin");
    expect(await authenticateApiKey(db, "fdk_initial_key_for_automation_0001")).toMatchObject({
      tenantName: "Globex Ops",
      role: "admin",
    });
    const audits = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.tenantId, membership?.tenantId ?? ""));
    expect(audits.map((a) => a.action).sort()).toEqual([
      "api_key.created",
      "member.invited",
      "tenant.created",
    ]);
  });
});

describe("the demo tenant", () => {
  it("comes with its shop, its agents and the price table", async () => {
    const { db: fresh } = await createTestDatabase();
    await initialise(fresh, base);
    const [demo] = await fresh.select().from(tenants);
    const demoAgents = await fresh
      .select()
      .from(agents)
      .where(eq(agents.tenantId, demo?.id ?? ""));
    expect(demoAgents.map((a) => a.name).sort()).toEqual([
      "ops-health",
      "refund-workflow",
      "support-lead",
      "support-triage",
    ]);
    const [ticket] = await fresh.select().from(demoTickets).where(eq(demoTickets.id, "T-1004"));
    expect(ticket?.body).toMatch(/\$120/);
    expect((await fresh.select({ n: count() }).from(modelPrices))[0]?.n).toBeGreaterThan(5);
  });
});
