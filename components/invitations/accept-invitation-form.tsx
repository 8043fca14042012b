"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useState } from "react";
import { acceptAsSignedInAction, acceptWithPasswordAction } from "@/app/invite/[token]/actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";

/** A new person chooses a password; once the account exists they are signed in with it. */
export function SetPasswordForm({
  token,
  email,
  purpose,
}: {
  token: string;
  email: string;
  purpose: "join" | "reset";
}) {
  const router = useRouter();
  const { result, pending, form } = useKeptForm(acceptWithPasswordAction);
  const [password, setPassword] = useState("");
  const [signInFailed, setSignInFailed] = useState(false);
  useEffect(() => {
    if (!result?.ok) return;
    void signIn("credentials", { email, password, redirect: false }).then((r) => {
      if (r?.ok && !r.error) {
        router.replace("/runs");
        router.refresh();
      } else setSignInFailed(true);
    });
  }, [result, email, password, router]);
  return (
    <form {...form} aria-label="Accept the invitation">
      <FormError result={result} />
      {signInFailed && (
        <div className="alert alert-ok" role="status">
          Your account is ready: <a href="/sign-in">sign in</a> with your new password.
        </div>
      )}
      <input type="hidden" name="token" value={token} />
      {purpose === "join" && (
        <div className="field">
          <label htmlFor="invite-name">Your name (optional)</label>
          <input id="invite-name" name="name" maxLength={100} autoComplete="name" />
        </div>
      )}
      <div className="field">
        <label htmlFor="invite-password">Choose a password (at least 12 characters)</label>
        <input
          id="invite-password"
          name="password"
          type="password"
          minLength={12}
          required
          autoComplete="new-password"
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" className="button-primary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}
        {purpose === "reset" ? "Set my new password" : "Create my account and join"}
      </button>
    </form>
  );
}

/** A signed-in person accepts with the account they are signed in with. */
export function AcceptAsSignedInForm({ token }: { token: string }) {
  const router = useRouter();
  const { result, pending, form } = useKeptForm(acceptAsSignedInAction);
  useEffect(() => {
    if (result?.ok) {
      router.replace("/runs");
      router.refresh();
    }
  }, [result, router]);
  return (
    <form {...form} aria-label="Accept the invitation">
      <FormError result={result} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" className="button-primary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}Accept and join
      </button>
    </form>
  );
}
