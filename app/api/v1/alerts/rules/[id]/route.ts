import { getDb } from "@/db/client";
import { deleteAlertRule } from "@/lib/alerts/alert-rules";
import { apiRoute } from "@/lib/http/api-route";

/** Removes the rule and its alerts' history. */
export const DELETE = apiRoute<{ id: string }>(
  { scope: "alerts:manage", responses: { 204: null } },
  async ({ actor, params }) => {
    await deleteAlertRule(getDb(), actor, { id: params.id });
    return new Response(null, { status: 204 });
  },
);
