import { z } from "zod";
import { getDb } from "@/db/client";
import { platformRoute } from "@/lib/http/platform-route";
import { updateTenant, updateTenantSchema } from "@/lib/platform/tenants";
import { tenantJson, toTenantJson } from "../tenant-json";

export const PATCH = platformRoute<{ id: string }, typeof updateTenantSchema>(
  { body: updateTenantSchema, responses: { 200: z.object({ tenant: tenantJson }) } },
  async ({ operator, body, params }) => ({
    tenant: toTenantJson(await updateTenant(getDb(), operator, params.id, body)),
  }),
);
