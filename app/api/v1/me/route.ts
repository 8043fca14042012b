import { z } from "zod";
import { scopesOf } from "@/lib/auth/scopes";
import { apiRoute } from "@/lib/http/api-route";

const me = z.object({
  tenant: z.object({ id: z.string(), name: z.string() }),
  role: z.string(),
  key: z.object({ id: z.string(), label: z.string() }),
  scopes: z.array(z.string()),
});

export const GET = apiRoute({ scope: "runs:read", responses: { 200: me } }, async ({ actor }) => ({
  tenant: { id: actor.tenantId, name: actor.tenantName },
  role: actor.role,
  key: { id: actor.id, label: actor.label },
  scopes: scopesOf(actor.role),
}));
