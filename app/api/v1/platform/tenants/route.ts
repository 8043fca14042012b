import { z } from "zod";
import { getDb } from "@/db/client";
import { platformRoute } from "@/lib/http/platform-route";
import { createTenant, createTenantSchema, listTenants } from "@/lib/platform/tenants";
import { createdTenantJson, tenantSummaryJson, toTenantJson, toTenantSummaryJson } from "./tenant-json";

const page = z.object({ tenants: z.array(tenantSummaryJson), next: z.string().nullable() });

export const GET = platformRoute({ responses: { 200: page } }, async ({ request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { tenants, next } = await listTenants(getDb(), query);
  return { tenants: tenants.map(toTenantSummaryJson), next };
});

export const POST = platformRoute(
  { body: createTenantSchema, responses: { 201: createdTenantJson } },
  async ({ operator, body }) => {
    const { tenant, invitation } = await createTenant(getDb(), operator, body);
    return Response.json(
      {
        tenant: toTenantJson(tenant),
        invitation: {
          email: invitation.email,
          delivery: invitation.delivery,
          expires_at: invitation.expiresAt,
          link: invitation.link,
        },
      },
      { status: 201 },
    );
  },
);
