"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { changePasswordAction, startSsoLinkAction } from "@/app/(app)/settings/account-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";

/** The signed-in person's own account: change the password, link single sign-on. */
export function AccountSection({ email, ssoName }: { email: string; ssoName?: string }) {
  const { result, pending, form } = useKeptForm(changePasswordAction);
  const [linkResult, setLinkResult] = useState<Awaited<ReturnType<typeof startSsoLinkAction>> | null>(null);
  const linkSso = async () => {
    const started = await startSsoLinkAction();
    setLinkResult(started);
    if (started.ok) await signIn("oidc", { callbackUrl: "/settings" });
  };
  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title">Your account</h2>
      <p className="hint">Signed in as {email}.</p>
      <form {...form} aria-label="Change your password">
        <FormError result={result} />
        {result?.ok && (
          <div className="alert alert-ok" role="status">
            Your password was changed, and every session signed in with the old one has ended (this one too):
            sign in again with the new password.
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
      {ssoName && (
        <div style={{ marginTop: 16 }}>
          <FormError result={linkResult} />
          <p className="hint">
            Sign in with {ssoName} from now on: link it to this account (you sign in there once).
          </p>
          <button type="button" className="button-secondary" onClick={linkSso}>
            Link {ssoName}
          </button>
        </div>
      )}
    </section>
  );
}
