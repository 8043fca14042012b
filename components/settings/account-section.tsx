"use client";

import { signIn } from "next-auth/react";
import { useEffect, useState, useTransition } from "react";
import {
  changePasswordAction,
  startSsoLinkAction,
  unlinkSsoAction,
} from "@/app/(app)/settings/account-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { utcDay } from "@/lib/day";
import type { LinkedIdentity } from "@/lib/sign-in/sso-link";

/** The signed-in person's own account: change the password, link and unlink single sign-on. */
export function AccountSection({
  email,
  ssoName,
  identities,
  hasPassword,
}: {
  email: string;
  ssoName?: string;
  identities: LinkedIdentity[];
  hasPassword: boolean;
}) {
  const { result, pending, form } = useKeptForm(changePasswordAction);
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
      {(ssoName || identities.length > 0) && (
        <SingleSignOn ssoName={ssoName} identities={identities} hasPassword={hasPassword} />
      )}
    </section>
  );
}

function SingleSignOn(props: { ssoName?: string; identities: LinkedIdentity[]; hasPassword: boolean }) {
  const { ssoName, identities, hasPassword } = props;
  const link = useKeptForm(startSsoLinkAction);
  const [unlinked, setUnlinked] = useState<Awaited<ReturnType<typeof unlinkSsoAction>> | null>(null);
  const [unlinking, startUnlink] = useTransition();
  const started = link.result?.ok === true;
  useEffect(() => {
    if (started) void signIn("oidc", { callbackUrl: "/settings" });
  }, [started]);
  return (
    <div className="sso-link">
      <h3>Single sign-on</h3>
      <FormError result={unlinked} />
      {identities.length > 0 ? (
        <ul className="plain-list">
          {identities.map((identity) => (
            <li key={`${identity.issuer} ${identity.subject}`}>
              Linked to {hostOf(identity.issuer)} on {utcDay(identity.linkedAt)}{" "}
              <button
                type="button"
                className="button-secondary button-small"
                disabled={unlinking}
                onClick={() => {
                  if (window.confirm(`Unlink ${hostOf(identity.issuer)}? It no longer signs you in.`))
                    startUnlink(async () =>
                      setUnlinked(await unlinkSsoAction(identity.issuer, identity.subject)),
                    );
                }}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No single sign-on identity opens this account.</p>
      )}
      {ssoName && (
        <form {...link.form} aria-label={`Link ${ssoName}`}>
          <FormError result={link.result} />
          <p className="hint">
            Sign in with {ssoName} from now on: link it to this account (you sign in there once).
            {hasPassword && " Your password first: a way in is added only by the person who has it."}
          </p>
          <div className="form-row">
            {hasPassword && (
              <div className="field">
                <label htmlFor="link-password">Current password</label>
                <input
                  id="link-password"
                  name="currentPassword"
                  type="password"
                  required
                  autoComplete="current-password"
                />
              </div>
            )}
            <button type="submit" className="button-secondary" disabled={link.pending || started}>
              {(link.pending || started) && <span className="spinner" aria-hidden />}Link {ssoName}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
