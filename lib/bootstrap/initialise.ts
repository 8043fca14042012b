import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, tenants } from "@/db/schema";
import type { Role } from "@/db/schema/memberships";
import { insertApiKey } from "@/lib/api-keys/api-keys";
import { recordSystemAudit } from "@/lib/audit/record-audit";
import { randomToken } from "@/lib/auth/secrets";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import type { Env } from "@/lib/env";
import { seedModelPrices } from "@/lib/models/pricing";
import { sha256Hex } from "@/lib/sha256";
import { ensureMember, ensureTenant } from "./tenants";

export type DemoCredential = { email: string; password: string; role: Role };

export type InitialisationReport = {
  demo: { tenant: string; credentials: DemoCredential[] } | null;
  initTenant: { tenant: string; adminCreated: boolean; apiKeyCreated: boolean } | null;
};

export const DEMO_TENANT = "Acme Support";
const DEMO_PEOPLE: { email: string; name: string; role: Role }[] = [
  { email: "admin@acme.test", name: "Ada Admin", role: "admin" },
  { email: "operator@acme.test", name: "Oscar Operator", role: "operator" },
  { email: "viewer@acme.test", name: "Vera Viewer", role: "viewer" },
];

/**
 * Headless initialisation, run at every start: FLIGHTDECK_INIT_* create the first tenant, admin and
 * API key (idempotent, never overwriting), and an empty database gets the demo tenant with its
 * demo shop and agents. Model list prices are seeded where missing.
 */
export async function initialise(db: Db, config: Env): Promise<InitialisationReport> {
  return db.transaction(async (tx) => {
    const [{ n: tenantCount } = { n: 0 }] = await tx.select({ n: count() }).from(tenants);
    const report: InitialisationReport = { demo: null, initTenant: null };
    await seedModelPrices(tx);

    if (config.FLIGHTDECK_INIT_TENANT) {
      const { tenant, created } = await ensureTenant(tx, config.FLIGHTDECK_INIT_TENANT);
      if (created)
        await recordSystemAudit(tx, tenant.id, {
          action: "tenant.created",
          targetType: "tenant",
          targetId: tenant.id,
        });
      let adminCreated = false;
      if (config.FLIGHTDECK_INIT_ADMIN_EMAIL && config.FLIGHTDECK_INIT_ADMIN_PASSWORD) {
        const admin = await ensureMember(tx, tenant.id, {
          email: config.FLIGHTDECK_INIT_ADMIN_EMAIL,
          name: config.FLIGHTDECK_INIT_ADMIN_EMAIL.split("@")[0] ?? "Admin",
          password: config.FLIGHTDECK_INIT_ADMIN_PASSWORD,
          role: "admin",
        });
        adminCreated = admin.created;
        if (admin.created) {
          await recordSystemAudit(tx, tenant.id, {
            action: "member.invited",
            targetType: "user",
            targetId: admin.user.id,
            details: { email: admin.user.email, role: "admin" },
          });
        }
      }
      let apiKeyCreated = false;
      if (config.FLIGHTDECK_INIT_API_KEY) {
        const [existing] = await tx
          .select({ id: apiKeys.id })
          .from(apiKeys)
          .where(eq(apiKeys.keyHash, sha256Hex(config.FLIGHTDECK_INIT_API_KEY)));
        if (!existing) {
          const id = await insertApiKey(tx, {
            tenantId: tenant.id,
            name: "initial admin key",
            role: "admin",
            key: config.FLIGHTDECK_INIT_API_KEY,
            createdBy: null,
          });
          await recordSystemAudit(tx, tenant.id, {
            action: "api_key.created",
            targetType: "api_key",
            targetId: id,
            details: { name: "initial admin key", role: "admin" },
          });
          apiKeyCreated = true;
        }
      }
      report.initTenant = { tenant: tenant.name, adminCreated, apiKeyCreated };
    }

    if (tenantCount === 0 && config.FLIGHTDECK_DEMO !== false) {
      const { tenant } = await ensureTenant(tx, DEMO_TENANT);
      const credentials: DemoCredential[] = [];
      for (const person of DEMO_PEOPLE) {
        const password = config.FLIGHTDECK_DEMO_PASSWORD ?? randomToken(9);
        const { created } = await ensureMember(tx, tenant.id, { ...person, password });
        if (created) credentials.push({ email: person.email, password, role: person.role });
      }
      await seedDemoBusiness(tx, tenant.id);
      await recordSystemAudit(tx, tenant.id, {
        action: "tenant.created",
        targetType: "tenant",
        targetId: tenant.id,
        details: { demo: true },
      });
      report.demo = { tenant: tenant.name, credentials };
    }
    return report;
  });
}
