import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { inviteMember, inviteMemberSchema, listMembers } from "@/lib/members/members";

export const GET = apiRoute({ scope: "members:read" }, async ({ actor }) => ({
  members: await listMembers(getDb(), actor),
}));

export const POST = apiRoute({ scope: "members:manage", body: inviteMemberSchema }, async ({ actor, body }) =>
  Response.json(await inviteMember(getDb(), actor, body), { status: 201 }),
);
