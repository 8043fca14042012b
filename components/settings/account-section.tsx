"use client";

import { changePasswordAction } from "@/app/(app)/settings/account-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";

/** The signed-in person's own account: change the password. */
export function AccountSection({ email }: { email: string }) {
  const { result, pending, form } = useKeptForm(changePasswordAction);
  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title">Your account</h2>
      <p className="hint">Signed in as {email}.</p>
      <form {...form} aria-label="Change your password">
        <FormError result={result} />
        {result?.ok && (
          <div className="alert alert-ok" role="status">
            Your password was changed.
          </div>
        )}
        <div className="form-row">
          <div className="field">
            <label htmlFor="current-password">Current password</label>
            <input
              id="current-password"
              name="currentPassword"
              type="password"
              required
              autoComplete="current-password"
            />
          </div>
          <div className="field">
            <label htmlFor="new-password">New password (at least 12 characters)</label>
            <input
              id="new-password"
              name="newPassword"
              type="password"
              minLength={12}
              required
              autoComplete="new-password"
            />
          </div>
          <button type="submit" className="button-secondary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Change password
          </button>
        </div>
      </form>
    </section>
  );
}
