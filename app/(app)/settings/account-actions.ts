"use server";

import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { oidcEnabled } from "@/lib/sign-in/auth-options";
import { changeOwnPassword } from "@/lib/sign-in/change-password";
import { requireActor } from "@/lib/sign-in/session";
import { createLinkIntent, SSO_LINK_COOKIE, SSO_LINK_SECONDS } from "@/lib/sign-in/sso-link";

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

/** Marks the next single sign-on as a request of this signed-in person to link it to their account. */
export async function startSsoLinkAction() {
  return runAction(async () => {
    const actor = await requireActor();
    const { NEXTAUTH_SECRET } = env();
    if (actor.kind !== "user" || !NEXTAUTH_SECRET || !oidcEnabled()) {
      throw new AppError("forbidden", "Single sign-on is not configured.");
    }
    (await cookies()).set(SSO_LINK_COOKIE, createLinkIntent(NEXTAUTH_SECRET, actor.id), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: SSO_LINK_SECONDS,
      secure: process.env.NODE_ENV === "production" && process.env.NEXTAUTH_URL?.startsWith("https:"),
    });
    return { started: true };
  });
}
