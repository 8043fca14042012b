import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { deleteView } from "@/lib/views/saved-views";

/** Removes one of the caller's own views. */
export const DELETE = apiRoute<{ id: string }>(
  { scope: "runs:read", responses: { 204: null } },
  async ({ actor, params }) => {
    await deleteView(getDb(), actor, { id: params.id });
    return new Response(null, { status: 204 });
  },
);
