"use server";

import { getDb } from "@/db/client";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { requireActor } from "@/lib/auth/session";
import { runAction } from "@/lib/http/server-action";

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function changePasswordAction(_previous: unknown, form: FormData) {
  return runAction(async () => {
    await changeOwnPassword(getDb(), await requireActor(), {
      currentPassword: text(form, "currentPassword"),
      newPassword: text(form, "newPassword"),
    });
    return { changed: true };
  });
}
