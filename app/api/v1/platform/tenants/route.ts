import { getDb } from "@/db/client";
import { platformRoute } from "@/lib/http/platform-route";
import { createTenant, createTenantSchema, listTenants } from "@/lib/platform/tenants";

export const GET = platformRoute({}, async ({ request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return listTenants(getDb(), query);
});

export const POST = platformRoute({ body: createTenantSchema }, async ({ operator, body }) =>
  Response.json(await createTenant(getDb(), operator, body), { status: 201 }),
);
