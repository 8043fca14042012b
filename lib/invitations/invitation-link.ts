import { publicUrl } from "@/lib/public-url";

export const INVITATION_DAYS = 7;

/** The absolute address of an invitation, for the mail that carries it. */
export function invitationUrl(token: string): string {
  return publicUrl(`/invite/${token}`);
}
