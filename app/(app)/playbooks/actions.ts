"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { createPlaybook, deletePlaybook, updatePlaybook } from "@/lib/playbooks/edit-playbook";
import { tagsFromText } from "@/lib/playbooks/limits";
import { requireActor } from "@/lib/sign-in/session";
import { type PlaybookFormState, playbookFormValues } from "./form-input";

/**
 * Saves the playbook the form describes: a new one (then opens its page), or the next version of
 * the one named by `id`. The use cases check the scope again, validate and audit.
 */
export async function savePlaybookAction(
  _previous: PlaybookFormState,
  form: FormData,
): Promise<PlaybookFormState> {
  const values = playbookFormValues(form);
  const id = formText(form, "id");
  const fields = { ...values, tags: tagsFromText(values.tags) };
  const expectedVersion = Number(formText(form, "expectedVersion"));
  const result = await runAction(async () => {
    const actor = await requireActor("playbooks:write");
    const playbook = id
      ? await updatePlaybook(getDb(), actor, id, { ...fields, expectedVersion })
      : await createPlaybook(getDb(), actor, fields);
    return { id: playbook.id, version: playbook.version, changed: playbook.version !== expectedVersion };
  });
  if (!result.ok) return { result, values };
  revalidatePath("/playbooks");
  revalidatePath(`/playbooks/${result.data.id}`);
  if (!id) redirect(`/playbooks/${result.data.id}?created=1`);
  return { result, values };
}

// Arguments come from the browser: anything at all may arrive.
const idInput = z.string({ error: "Name the playbook by its id." }).max(100);

/** Deletes a playbook; its history stays (deletePlaybook checks the scope and audits). */
export async function deletePlaybookAction(id: string) {
  const result = await runAction(async () => {
    const playbook = await deletePlaybook(getDb(), await requireActor("playbooks:write"), idInput.parse(id));
    return { version: playbook.version };
  });
  if (result.ok) revalidatePath("/playbooks");
  return result;
}
