import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { savedViewJson, savedViewShape } from "@/lib/views/saved-view-json";
import { listSavedViews, saveView, saveViewSchema } from "@/lib/views/saved-views";

/** The caller's saved runs-list views, then those others shared with the tenant. */
export const GET = apiRoute(
  { scope: "runs:read", responses: { 200: z.object({ views: z.array(savedViewShape) }) } },
  async ({ actor }) => ({
    views: (await listSavedViews(getDb(), actor)).map((v) => savedViewJson(v, actor.id)),
  }),
);

/** Saves a runs-list query (filters and `cols`) under a name; the same name replaces it. */
export const POST = apiRoute(
  { scope: "runs:read", body: saveViewSchema, responses: { 201: savedViewShape } },
  async ({ actor, body }) =>
    Response.json(savedViewJson(await saveView(getDb(), actor, body), actor.id), { status: 201 }),
);
