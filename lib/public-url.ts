import { env } from "@/lib/env";

/** The absolute address of a page of this app, for what leaves it (mails, webhooks). */
export function publicUrl(path: string): string {
  const { NEXTAUTH_URL, HOST, PORT } = env();
  const base = (NEXTAUTH_URL ?? `http://${HOST}:${PORT}`).replace(/\/$/, "");
  return `${base}${path}`;
}
