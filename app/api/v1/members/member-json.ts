import type { InviteResult, Member } from "@/lib/members/members";

/** The API's view of a member: snake_case, like every API answer. */
export const toMemberJson = (m: Member) => ({
  user_id: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joined_at: m.joinedAt,
});

export const toInvitationJson = (i: InviteResult) => ({
  invitation_id: i.invitationId,
  email: i.email,
  role: i.role,
  delivery: i.delivery,
  expires_at: i.expiresAt,
});
