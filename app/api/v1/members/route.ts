import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { inviteMember, inviteMemberSchema, listMembers } from "@/lib/members/members";
import { invitationJson, memberJson, toInvitationJson, toMemberJson } from "./member-json";

export const GET = apiRoute(
  { scope: "members:read", responses: { 200: z.object({ members: z.array(memberJson) }) } },
  async ({ actor }) => ({
    members: (await listMembers(getDb(), actor)).map(toMemberJson),
  }),
);

export const POST = apiRoute(
  { scope: "members:manage", body: inviteMemberSchema, responses: { 201: invitationJson } },
  async ({ actor, body }) =>
    Response.json(toInvitationJson(await inviteMember(getDb(), actor, body)), { status: 201 }),
);
