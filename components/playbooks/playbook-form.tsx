"use client";

import { useActionState } from "react";
import { savePlaybookAction } from "@/app/(app)/playbooks/actions";
import { PLAYBOOK_FIELDS, type PlaybookFormValues } from "@/app/(app)/playbooks/form-input";
import { TextField } from "@/components/agents/field-message";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { MAX_PLAYBOOK_CHARS } from "@/lib/playbooks/limits";

/** A new playbook, or the next version of one the person read at `version`. */
export type PlaybookFormTarget = { kind: "new" } | { kind: "edit"; id: string; version: number };

type Props = { target: PlaybookFormTarget; current: PlaybookFormValues };

export function PlaybookForm({ target, current }: Props) {
  const [state, formAction, pending] = useActionState(savePlaybookAction, null);
  const { form, error, values, field, fieldError } = useFieldErrors(state, PLAYBOOK_FIELDS, current);
  const saved = state?.result.ok ? state.result.data : null;
  const editing = target.kind === "edit";
  return (
    <form ref={form} action={formAction} className="card playbook-form" aria-labelledby="playbook-form-title">
      <h2 id="playbook-form-title">{editing ? "Edit" : "The new playbook"}</h2>
      {error && (!field || field === "expectedVersion") && (
        <div className="alert alert-error" role="alert">
          {error.message}
          {error.code === "conflict" && editing && (
            <>
              {" "}
              <a href={`/playbooks/${target.id}`}>Reload (discards your edits)</a>
            </>
          )}
        </div>
      )}
      {saved && (
        <div className="alert alert-ok" role="status">
          {!saved.changed
            ? `Nothing to save: nothing changed. The playbook is still at version ${saved.version}.`
            : `Saved as version ${saved.version}. Runs started from now on get it; runs already started keep theirs.`}
        </div>
      )}
      {editing && (
        <>
          <input type="hidden" name="id" value={target.id} />
          <input type="hidden" name="expectedVersion" value={target.version} />
        </>
      )}
      <TextField
        id="playbook-name"
        name="name"
        label="Name"
        required
        maxLength={100}
        value={values.name}
        error={fieldError("name")}
        hint="What the instructions are about, e.g. Refund etiquette. Shown on runs that get it."
      />
      <TextField
        id="playbook-instructions"
        name="instructions"
        label="Instructions"
        rows={10}
        required
        maxLength={MAX_PLAYBOOK_CHARS}
        value={values.instructions}
        error={fieldError("instructions")}
        hint={`Added to the system prompt of every agent with one of the tags below, under "Playbooks"; up to ${MAX_PLAYBOOK_CHARS.toLocaleString("en-US")} characters.`}
      />
      <TextField
        id="playbook-tags"
        name="tags"
        label="Tags"
        required
        code
        maxLength={1100}
        value={values.tags}
        error={fieldError("tags")}
        hint="Separated by commas or spaces, e.g. support, refunds. The playbook applies to every agent that carries one of them (set on the agent's page)."
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          {editing ? "Save a new version" : "Create playbook"}
        </button>
      </div>
    </form>
  );
}
