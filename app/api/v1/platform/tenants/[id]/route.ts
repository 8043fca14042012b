import { getDb } from "@/db/client";
import { platformRoute } from "@/lib/http/platform-route";
import { updateTenant, updateTenantSchema } from "@/lib/platform/tenants";
import { toTenantJson } from "../tenant-json";

export const PATCH = platformRoute<{ id: string }, typeof updateTenantSchema>(
  { body: updateTenantSchema },
  async ({ operator, body, params }) => ({
    tenant: toTenantJson(await updateTenant(getDb(), operator, params.id, body)),
  }),
);
