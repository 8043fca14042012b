import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { inviteMember, inviteMemberSchema, listMembers } from "@/lib/members/members";
import { toInvitationJson, toMemberJson } from "./member-json";

export const GET = apiRoute({ scope: "members:read" }, async ({ actor }) => ({
  members: (await listMembers(getDb(), actor)).map(toMemberJson),
}));

export const POST = apiRoute({ scope: "members:manage", body: inviteMemberSchema }, async ({ actor, body }) =>
  Response.json(toInvitationJson(await inviteMember(getDb(), actor, body)), { status: 201 }),
);
