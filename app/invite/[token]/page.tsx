import type { Metadata } from "next";
import { AcceptAsSignedInForm, SetPasswordForm } from "@/components/invitations/accept-invitation-form";
import { getDb } from "@/db/client";
import { isAppError } from "@/lib/errors";
import { describeInvitation, type InvitationView } from "@/lib/invitations/accept-invitation";
import { currentSession } from "@/lib/sign-in/session";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: InvitationView | null = null;
  let problem = "";
  try {
    invitation = await describeInvitation(getDb(), token);
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  // A reset link chooses a new password, whoever is signed in on this browser.
  const session = invitation?.purpose === "join" ? await currentSession() : null;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden /> Flightdeck
        </div>
        {!invitation ? (
          <>
            <h1>Invitation</h1>
            <div className="alert alert-error" role="alert">
              {problem}
            </div>
          </>
        ) : (
          <>
            <h1>
              {invitation.purpose === "reset" ? "Choose a new password" : `Join ${invitation.tenantName}`}
            </h1>
            <p className="muted" style={{ marginBottom: 16 }}>
              {invitation.purpose === "reset" ? (
                <>
                  An admin of {invitation.tenantName} reset the sign-in of <strong>{invitation.email}</strong>
                  .
                </>
              ) : (
                <>
                  This invitation for <strong>{invitation.email}</strong> makes you a {invitation.role} of{" "}
                  {invitation.tenantName}.
                </>
              )}{" "}
              The link works once.
            </p>
            {session ? (
              <>
                <p className="hint">Signed in as {session.user.email}.</p>
                <AcceptAsSignedInForm token={token} />
              </>
            ) : (
              <>
                <SetPasswordForm token={token} email={invitation.email} purpose={invitation.purpose} />
                <p className="hint" style={{ marginTop: 16 }}>
                  Already have a Flightdeck account?{" "}
                  <a href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>Sign in</a>{" "}
                  first, then accept.
                </p>
              </>
            )}
          </>
        )}
      </div>
    </main>
  );
}
