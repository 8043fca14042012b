import { z } from "zod";
import { getDb } from "@/db/client";
import { ROLES } from "@/db/schema/memberships";
import { apiRoute } from "@/lib/http/api-route";
import { changeMemberRole, removeMember } from "@/lib/members/members";
import { memberRoleJson } from "../member-json";

type Params = { user_id: string };

const roleBody = z.object({ role: z.enum(ROLES) });

export const PATCH = apiRoute<Params, typeof roleBody>(
  { scope: "members:manage", body: roleBody, responses: { 200: memberRoleJson } },
  async ({ actor, body, params }) => {
    await changeMemberRole(getDb(), actor, { userId: params.user_id, role: body.role });
    return { user_id: params.user_id, role: body.role };
  },
);

export const DELETE = apiRoute<Params>(
  { scope: "members:manage", responses: { 204: null } },
  async ({ actor, params }) => {
    await removeMember(getDb(), actor, { userId: params.user_id });
    return new Response(null, { status: 204 });
  },
);
