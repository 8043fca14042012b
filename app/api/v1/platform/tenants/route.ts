import { getDb } from "@/db/client";
import { platformRoute } from "@/lib/http/platform-route";
import { createTenant, createTenantSchema, listTenants } from "@/lib/platform/tenants";
import { toTenantJson, toTenantSummaryJson } from "./tenant-json";

export const GET = platformRoute({}, async ({ request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { tenants, next } = await listTenants(getDb(), query);
  return { tenants: tenants.map(toTenantSummaryJson), next };
});

export const POST = platformRoute({ body: createTenantSchema }, async ({ operator, body }) => {
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
});
