"use client";

import { setRedactionAction } from "@/app/(app)/settings/redaction-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import {
  PERSONAL_DATA_LABELS,
  PERSONAL_DATA_TYPES,
  type RedactionRules,
} from "@/lib/redaction/personal-data";

/** What viewers never see in runs' goals, answers, errors and notes; admins choose. */
export function RedactionSection({ rules, canManage }: { rules: RedactionRules; canManage: boolean }) {
  const { result, pending, form } = useKeptForm(setRedactionAction);
  const chosen = PERSONAL_DATA_TYPES.filter((type) => rules.types.includes(type));
  return (
    <section className="card" aria-labelledby="redaction-title">
      <h2 id="redaction-title">Redaction for viewers</h2>
      <p className="muted">
        Viewers see what ran, its status, numbers and costs. Tool arguments, results and model text are always
        hidden from them; in a run&apos;s goal, answer, error and notes, these are masked too — on pages, in
        live updates and in the API.
      </p>
      {!canManage ? (
        <p data-testid="redaction-status">
          Masked:{" "}
          {chosen.length ? chosen.map((t) => PERSONAL_DATA_LABELS[t].toLowerCase()).join(", ") : "nothing"}
          {rules.patterns.length > 0 ? `, and ${rules.patterns.length} pattern(s) of this tenant.` : "."}
        </p>
      ) : (
        <form {...form} className="redaction-form" aria-label="Redaction for viewers">
          <FormError result={result} />
          {result?.ok && (
            <p className="muted" role="status">
              Saved.
            </p>
          )}
          <fieldset>
            <legend>Kinds of personal data</legend>
            {PERSONAL_DATA_TYPES.map((type) => (
              <label key={type} className="radio">
                <input
                  type="checkbox"
                  name="types"
                  value={type}
                  defaultChecked={rules.types.includes(type)}
                />{" "}
                {PERSONAL_DATA_LABELS[type]}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="redaction-patterns">This tenant&apos;s own patterns</label>
            <textarea
              id="redaction-patterns"
              name="patterns"
              rows={4}
              defaultValue={rules.patterns.join("\n")}
              placeholder={"project-[a-z]+\nACME-\\d{6}"}
              aria-describedby="redaction-patterns-hint"
            />
            <p id="redaction-patterns-hint" className="hint">
              One regular expression per line (RE2 syntax, case-insensitive), up to 20; each match shows as
              [redacted].
            </p>
          </div>
          <button type="submit" className="button button-secondary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Save redaction
          </button>
        </form>
      )}
    </section>
  );
}
