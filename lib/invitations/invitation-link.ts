import { env } from "@/lib/env";

export const INVITATION_DAYS = 7;

/** The absolute address of an invitation, for the mail that carries it. */
export function invitationUrl(token: string): string {
  const { NEXTAUTH_URL, HOST, PORT } = env();
  const base = (NEXTAUTH_URL ?? `http://${HOST}:${PORT}`).replace(/\/$/, "");
  return `${base}/invite/${token}`;
}
