import { and, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { apiKeys, auditLog, killSwitches, runs, tenants, users } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/api-keys";
import { isPlatformToken, PLATFORM_TOKEN_OPERATOR, platformOperatorOf } from "@/lib/auth/operator";
import { hashPassword } from "@/lib/auth/password";
import { grantStillHolds } from "@/lib/auth/session-version";
import { resetEnvCache } from "@/lib/env";
import { acceptInvitationWithPassword } from "@/lib/invitations/accept-invitation";
import { capturingTransport } from "@/lib/invitations/testing";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { authorizeWithPassword } from "@/lib/sign-in/auth-options";
import { listUserTenants } from "@/lib/tenants/user-tenants";
import { createTenant, listTenants, updateTenant } from "./tenants";

const { db } = await createTestDatabase();
const operator = { id: null, label: "ops@deployment.test" };

afterEach(() => {
  delete process.env.FLIGHTDECK_PLATFORM_TOKEN;
  delete process.env.FLIGHTDECK_PLATFORM_ADMINS;
  resetEnvCache();
});

const tenantLog = (tenantId: string, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action)));
const deploymentLog = (tenantId: string, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(isNull(auditLog.tenantId), eq(auditLog.targetId, tenantId), eq(auditLog.action, action)));

describe("tenant management by a deployment operator", () => {
  it("opens a tenant whose first admin sets their own password from the invitation", async () => {
    const mail = capturingTransport("outbox");
    const created = await createTenant(
      db,
      operator,
      { name: "Globex Support", admin_email: "Boss@Globex.test" },
      mail.transport,
    );
    expect(created.tenant).toMatchObject({
      name: "Globex Support",
      slug: "globex-support",
      suspendedAt: null,
    });
    expect(created.invitation).toMatchObject({ email: "boss@globex.test", delivery: "outbox" });
    // No mail server: nobody of the new tenant can read its outbox, so the operator gets the link.
    expect(created.invitation.link).toContain(`/invite/${mail.lastToken()}`);
    await acceptInvitationWithPassword(db, {
      token: mail.lastToken(),
      name: "Boss",
      password: "correct horse battery",
    });
    const [boss] = await db.select().from(users).where(eq(users.email, "boss@globex.test"));
    expect(await listUserTenants(db, boss?.id ?? "")).toMatchObject([
      { tenantName: "Globex Support", role: "admin", suspended: false },
    ]);

    // The same address again is a conflict, not a second tenant.
    await expect(
      createTenant(db, operator, { name: "globex   SUPPORT", admin_email: "x@globex.test" }, mail.transport),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(createTenant(db, operator, { name: "G", admin_email: "nope" })).rejects.toThrow();

    // The tenant's log names no person of the deployment; the deployment's log does.
    const [inTenant] = await tenantLog(created.tenant.id, "tenant.created");
    expect(inTenant?.actorLabel).toBe("Platform operator");
    expect(JSON.stringify(inTenant)).not.toContain(operator.label);
    const [inDeployment] = await deploymentLog(created.tenant.id, "tenant.created");
    expect(inDeployment).toMatchObject({ actorLabel: operator.label, details: { tenant: "Globex Support" } });

    // A mailed invitation's link is the addressee's alone.
    const smtp = await createTenant(
      db,
      operator,
      { name: "Initech", admin_email: "peter@initech.test" },
      capturingTransport("smtp").transport,
    );
    expect(smtp.invitation.link).toBeNull();
  });

  it("renames a tenant and lists every tenant a page at a time", async () => {
    const { tenant } = await createTenant(
      db,
      operator,
      { name: "Umbrella", admin_email: "a@umbrella.test" },
      capturingTransport().transport,
    );
    const renamed = await updateTenant(db, operator, tenant.id, { name: "Umbrella Corp" });
    expect(renamed).toMatchObject({ name: "Umbrella Corp", slug: "umbrella" });
    expect((await tenantLog(tenant.id, "tenant.renamed"))[0]?.details).toEqual({
      from: "Umbrella",
      to: "Umbrella Corp",
    });
    await expect(updateTenant(db, operator, tenant.id, {})).rejects.toThrow("Send a new name");
    await expect(updateTenant(db, operator, "not-a-uuid", { name: "X Y" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      updateTenant(db, operator, "00000000-0000-4000-8000-000000000000", { name: "X Y" }),
    ).rejects.toMatchObject({ code: "not_found" });

    const first = await listTenants(db, { limit: 1 });
    expect(first.tenants).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const second = await listTenants(db, { limit: 1, after: first.next ?? "" });
    expect(second.tenants[0]?.slug > (first.tenants[0]?.slug ?? "")).toBe(true);
  });

  it("suspending refuses the tenant's people and keys and holds its runs; resuming lets them go on", async () => {
    const { operator: tenantOperator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: tenantOperator.tenantName }, "admin");
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("a long password") })
      .where(eq(users.id, admin.id));
    const { key } = await createApiKey(db, admin, { name: "ci", role: "operator" });
    const queued = await startRun(db, tenantOperator, { agent: "ops-health", input: "Check" });
    const grant = { userId: admin.id, tenantId, role: admin.role, sessionVersion: 1 };
    expect(await grantStillHolds(db, grant)).toBe(true);

    await expect(updateTenant(db, operator, tenantId, { suspended: true })).rejects.toThrow("Say why");
    await updateTenant(db, operator, tenantId, { suspended: true, reason: "unpaid invoice" });
    await expect(
      updateTenant(db, operator, tenantId, { suspended: true, reason: "again" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });

    await expect(authenticateApiKey(db, key)).rejects.toMatchObject({ code: "forbidden" });
    await expect(authorizeWithPassword({ email: admin.label, password: "a long password" })).rejects.toThrow(
      "TenantSuspended",
    );
    expect(await grantStillHolds(db, grant)).toBe(false);
    expect((await listUserTenants(db, admin.id))[0]?.suspended).toBe(true);
    const [held] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(held?.status).toBe("paused");
    const [freeze] = await db
      .select()
      .from(killSwitches)
      .where(and(eq(killSwitches.tenantId, tenantId), isNull(killSwitches.releasedAt)));
    expect(freeze).toMatchObject({ scope: "tenant", engagedBy: "Platform operator" });
    expect((await tenantLog(tenantId, "tenant.suspended"))[0]?.details).toMatchObject({
      reason: "unpaid invoice",
    });

    await updateTenant(db, operator, tenantId, { suspended: false, reason: "paid" });
    expect(await authenticateApiKey(db, key)).toMatchObject({ tenantId });
    expect(await authorizeWithPassword({ email: admin.label, password: "a long password" })).toMatchObject({
      id: admin.id,
    });
    expect(await grantStillHolds(db, grant)).toBe(true);
    const [resumed] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(resumed?.status).toBe("queued");
    const engaged = await db
      .select()
      .from(killSwitches)
      .where(and(eq(killSwitches.tenantId, tenantId), isNull(killSwitches.releasedAt)));
    expect(engaged).toEqual([]);
    await expect(updateTenant(db, operator, tenantId, { suspended: false })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId))).toHaveLength(1);
  });

  it("a freeze the tenant's admin engaged outlives a suspension and its end", async () => {
    const { operator: tenantOperator, tenantId } = await demoTenant(db);
    await engageKillSwitch(db, tenantOperator, { scope: "tenant", reason: "our own incident" });
    await updateTenant(db, operator, tenantId, { suspended: true, reason: "abuse report" });
    await updateTenant(db, operator, tenantId, { suspended: false });
    const engaged = await db
      .select()
      .from(killSwitches)
      .where(and(eq(killSwitches.tenantId, tenantId), isNull(killSwitches.releasedAt)));
    expect(engaged).toMatchObject([{ scope: "tenant", reason: "our own incident" }]);
    const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
    expect(tenant?.suspendedAt).toBeNull();
  });

  it("is a deployment operator's: a proven address the configuration names, or the platform token", async () => {
    const { operator: tenantOperator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: tenantOperator.tenantName }, "admin");
    process.env.FLIGHTDECK_PLATFORM_ADMINS = admin.label;
    resetEnvCache();
    expect(() => platformOperatorOf(admin)).toThrow("Only a deployment operator");
    expect(platformOperatorOf({ ...admin, addressTrusted: true })).toEqual({
      id: admin.id,
      label: admin.label,
    });
    expect(() => platformOperatorOf({ ...admin, kind: "api_key", addressTrusted: true })).toThrow();

    expect(isPlatformToken("x".repeat(40))).toBe(false);
    process.env.FLIGHTDECK_PLATFORM_TOKEN = "p".repeat(40);
    resetEnvCache();
    expect(isPlatformToken("p".repeat(40))).toBe(true);
    expect(isPlatformToken("p".repeat(39))).toBe(false);
    expect(PLATFORM_TOKEN_OPERATOR.label).toBe("platform token");
  });
});
