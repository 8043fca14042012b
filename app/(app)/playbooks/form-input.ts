import { formText } from "@/lib/http/form-input";
import type { ActionResult } from "@/lib/http/server-action";

export type PlaybookFormValues = { name: string; instructions: string; tags: string };
export type PlaybookFormState = {
  result: ActionResult<{ id: string; version: number; changed: boolean }>;
  /** What was submitted, so a refused form keeps the person's edits. */
  values: PlaybookFormValues;
} | null;

export const PLAYBOOK_FIELDS = ["name", "instructions", "tags", "expectedVersion"] as const;

export const playbookFormValues = (form: FormData): PlaybookFormValues => ({
  name: formText(form, "name"),
  instructions: formText(form, "instructions"),
  tags: formText(form, "tags"),
});
