import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { restorePolicy } from "@/lib/policy/policy-versions";
import { policyVersionJson, toPolicyVersionJson } from "../policy-json";

/** Makes an older version active again, saved as the newest version. */
export const POST = apiRoute(
  {
    scope: "policies:write",
    body: z.object({ version: z.number().int().min(0) }),
    responses: { 200: policyVersionJson },
  },
  async ({ actor, body }) => toPolicyVersionJson(await restorePolicy(getDb(), actor, body.version)),
);
