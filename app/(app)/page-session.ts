import "server-only";
import { redirect } from "next/navigation";
import { currentSession, type SessionContext } from "@/lib/sign-in/session";

/** For pages: sends people who are not signed in to the sign-in page. */
export async function requirePageSession(): Promise<SessionContext> {
  const context = await currentSession();
  if (!context) redirect("/sign-in");
  return context;
}
