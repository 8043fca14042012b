"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { signInError } from "@/lib/auth/sign-in-errors";

export function SignInForm(props: { callbackUrl: string; initialError?: string; oidcName?: string }) {
  const router = useRouter();
  const [error, setError] = useState(props.initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      router.replace(props.callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setError(signInError(result?.error));
  }

  return (
    <form onSubmit={onSubmit} noValidate={false}>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button-primary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {props.oidcName && (
        <>
          <div className="divider">or</div>
          <button
            type="button"
            className="button-secondary"
            style={{ width: "100%", justifyContent: "center" }}
            onClick={() => signIn("oidc", { callbackUrl: props.callbackUrl })}
          >
            Continue with {props.oidcName}
          </button>
        </>
      )}
    </form>
  );
}
