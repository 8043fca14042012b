import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { activePolicyVersion, listPolicyVersions, savePolicy } from "@/lib/policy/policy-versions";
import { policyVersionJson, toPolicyVersionJson } from "./policy-json";

const policies = z.object({ active: policyVersionJson, versions: z.array(policyVersionJson) });

export const GET = apiRoute({ scope: "policies:read", responses: { 200: policies } }, async ({ actor }) => {
  const db = getDb();
  const [active, versions] = await Promise.all([
    activePolicyVersion(db, actor),
    listPolicyVersions(db, actor),
  ]);
  return { active: toPolicyVersionJson(active), versions: versions.map(toPolicyVersionJson) };
});

const putBody = z.object({
  text: z.string(),
  comment: z.string().optional(),
  /** The version the change was made on: a save on top of a newer one answers 409. */
  base_version: z.number().int().min(0).optional(),
});

/** Saves a new version; an invalid policy answers 400 with Cedar's `problems` and changes nothing. */
export const PUT = apiRoute(
  { scope: "policies:write", body: putBody, responses: { 200: policyVersionJson } },
  async ({ actor, body }) => {
    const saved = await savePolicy(getDb(), actor, {
      text: body.text,
      comment: body.comment,
      baseVersion: body.base_version,
    });
    return toPolicyVersionJson(saved);
  },
);
