"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";
import { deleteView, saveView } from "@/lib/views/saved-views";

export async function saveViewAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const view = await saveView(getDb(), await requireActor("runs:read"), {
      name: formText(form, "name"),
      query: formText(form, "query"),
      shared: formText(form, "shared") === "1",
    });
    return { id: view.id, name: view.name, query: view.query };
  });
  if (result.ok) revalidatePath("/runs");
  return result;
}

export async function deleteViewAction(id: string) {
  const result = await runAction(async () => deleteView(getDb(), await requireActor("runs:read"), { id }));
  if (result.ok) revalidatePath("/runs");
  return result;
}
