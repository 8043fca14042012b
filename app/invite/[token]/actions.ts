"use server";

import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { acceptInvitationAsUser, acceptInvitationWithPassword } from "@/lib/invitations/accept-invitation";
import { currentSession } from "@/lib/sign-in/session";

const text = formText;

/** Creates the account with the password the person chose; the form then signs them in with it. */
export async function acceptWithPasswordAction(_previous: unknown, form: FormData) {
  return runAction(() =>
    acceptInvitationWithPassword(getDb(), {
      token: text(form, "token"),
      name: text(form, "name") || undefined,
      password: text(form, "password"),
    }),
  );
}

export async function acceptAsSignedInAction(_previous: unknown, form: FormData) {
  return runAction(async () => {
    const session = await currentSession();
    if (!session) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
    return acceptInvitationAsUser(getDb(), session.user, text(form, "token"));
  });
}
