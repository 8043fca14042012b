"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { oidcEnabled } from "@/lib/sign-in/auth-options";
import { changeOwnPassword } from "@/lib/sign-in/change-password";
import { currentSession, requireActor } from "@/lib/sign-in/session";
import {
  createLinkIntent,
  SSO_LINK_COOKIE,
  SSO_LINK_SECONDS,
  startSsoLink,
  unlinkIdentity,
} from "@/lib/sign-in/sso-link";

const text = formText;

export async function changePasswordAction(_previous: unknown, form: FormData) {
  return runAction(async () => {
    await changeOwnPassword(getDb(), await requireActor(), {
      currentPassword: text(form, "currentPassword"),
      newPassword: text(form, "newPassword"),
    });
    return { changed: true };
  });
}

/**
 * Marks the next single sign-on as a request of this signed-in person to link it to their account,
 * once they have given their password again.
 */
export async function startSsoLinkAction(_previous: unknown, form: FormData) {
  return runAction(async () => {
    const session = await currentSession();
    if (!session) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
    const { NEXTAUTH_SECRET } = env();
    if (!NEXTAUTH_SECRET || !oidcEnabled())
      throw new AppError("forbidden", "Single sign-on is not configured.");
    const intent = await startSsoLink(getDb(), session.actor, session.sessionVersion, {
      currentPassword: text(form, "currentPassword"),
    });
    (await cookies()).set(SSO_LINK_COOKIE, createLinkIntent(NEXTAUTH_SECRET, intent), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: SSO_LINK_SECONDS,
      secure: process.env.NODE_ENV === "production" && process.env.NEXTAUTH_URL?.startsWith("https:"),
    });
    return { started: true };
  });
}

/** Unlinks one of the signed-in person's single sign-on identities. */
export async function unlinkSsoAction(issuer: string, subject: string) {
  const result = await runAction(async () =>
    unlinkIdentity(getDb(), await requireActor(), { issuer, subject }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
