import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { createTenant } from "@/db/testing/factories";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import type { ToolContext } from "@/lib/tools/types";

/** A new tenant with the demo shop seeded, for tool tests. */
export async function seededTenant(db: Db) {
  const tenant = await createTenant(db);
  await seedDemoBusiness(db, tenant.id);
  return tenant;
}

export function toolContext(db: Db, tenantId: string, overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    db,
    tenantId,
    runId: randomUUID(),
    idempotencyKey: `test:${randomUUID()}`,
    signal: new AbortController().signal,
    appBaseUrl: "http://127.0.0.1:9",
    ...overrides,
  };
}
