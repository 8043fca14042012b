import { scopesOf } from "@/lib/auth/scopes";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ scope: "runs:read" }, async ({ actor }) => ({
  tenant: { id: actor.tenantId, name: actor.tenantName },
  role: actor.role,
  key: { id: actor.id, label: actor.label },
  scopes: scopesOf(actor.role),
}));
