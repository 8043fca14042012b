import { z } from "zod";
import { timestamp } from "@/lib/http/json-shapes";
import type { InviteResult, Member } from "@/lib/members/members";

export const memberJson = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  joined_at: timestamp,
});

/** The API's view of a member: snake_case, like every API answer. */
export const toMemberJson = (m: Member): z.input<typeof memberJson> => ({
  user_id: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joined_at: m.joinedAt,
});

export const invitationJson = z.object({
  invitation_id: z.string(),
  email: z.string(),
  role: z.string(),
  delivery: z.string(),
  expires_at: timestamp,
});

export const toInvitationJson = (i: InviteResult): z.input<typeof invitationJson> => ({
  invitation_id: i.invitationId,
  email: i.email,
  role: i.role,
  delivery: i.delivery,
  expires_at: i.expiresAt,
});

/** A role change's answer. */
export const memberRoleJson = z.object({ user_id: z.string(), role: z.string() });
