"use client";

import { useState, useTransition } from "react";
import { revokeInvitationAction } from "@/app/(app)/settings/actions";
import { FormError } from "@/components/ui/form-error";
import { utcDay } from "@/lib/day";
import type { ActionResult } from "@/lib/http/server-action";
import type { OpenInvitation } from "@/lib/invitations/open-invitations";
import { RoleBadge } from "./role-badge";

const KIND = { join: "Joins as", sign_in_reset: "Resets the sign-in of a" } as const;

/** The links that still let someone in, each revocable: a wrong address, an admin who has left. */
export function OpenInvitations({ invitations }: { invitations: OpenInvitation[] }) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="open-invitations">
      <h3 id="open-invitations-title">Open invitations</h3>
      <FormError result={result} />
      {invitations.length === 0 ? (
        <p className="muted">No invitation or sign-in reset link is waiting to be used.</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="open-invitations-title">
            <thead>
              <tr>
                <th>Email</th>
                <th>For</th>
                <th>Invited by</th>
                <th>Open until</th>
                <th className="sr-only">Actions</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>
                    <span className="muted">{KIND[invitation.kind]}</span>{" "}
                    <RoleBadge role={invitation.role} />
                  </td>
                  <td className="muted">{invitation.invitedBy}</td>
                  <td className="muted">{utcDay(invitation.expiresAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="button-danger button-small"
                      disabled={pending}
                      aria-label={`Revoke the invitation of ${invitation.email}`}
                      onClick={() => {
                        if (
                          window.confirm(
                            `Revoke the link sent to ${invitation.email}? It stops working at once.`,
                          )
                        )
                          startTransition(async () => setResult(await revokeInvitationAction(invitation.id)));
                      }}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
