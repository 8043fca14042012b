import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { signInError } from "@/lib/auth/sign-in-errors";
import { env } from "@/lib/env";
import { oidcEnabled } from "@/lib/sign-in/auth-options";
import { callbackPath } from "@/lib/sign-in/callback-path";
import { currentSession } from "@/lib/sign-in/session";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  AccessDenied:
    "Single sign-on could not sign you in: your provider must confirm your email address, and you need an invitation (or, with an existing account, to link single sign-on from its settings first).",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  if (await currentSession()) redirect("/runs");
  const params = await searchParams;
  const error = params.error
    ? (ERRORS[params.error] ??
      (params.error.startsWith("TooManyAttempts") || params.error === "TenantSuspended"
        ? signInError(params.error)
        : "Sign-in failed: try again."))
    : undefined;
  // Signing in lands on the runs list, as it always has; the home dashboard is at `/`.
  const callbackUrl = callbackPath(params.callbackUrl);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden /> Flightdeck
        </div>
        <h1>Sign in</h1>
        <p className="muted" style={{ marginBottom: 16 }}>
          The control plane for your AI agents.
        </p>
        <SignInForm
          callbackUrl={callbackUrl}
          initialError={error}
          oidcName={oidcEnabled() ? env().OIDC_NAME : undefined}
        />
        <p className="hint" style={{ marginTop: 16 }}>
          Trying the demo? The first start printed the demo sign-in details in the terminal.
        </p>
      </div>
    </main>
  );
}
