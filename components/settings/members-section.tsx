"use client";

import { useState, useTransition } from "react";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  resetSignInAction,
} from "@/app/(app)/settings/actions";
import { FormError } from "@/components/ui/form-error";
import { RoleOptions } from "@/components/ui/role-select";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { Role } from "@/db/schema/memberships";
import { utcDay } from "@/lib/day";
import type { ActionResult } from "@/lib/http/server-action";
import type { OpenInvitation } from "@/lib/invitations/open-invitations";
import type { Member } from "@/lib/members/members";
import { OpenInvitations } from "./open-invitations";
import { RoleBadge } from "./role-badge";

type Props = {
  members: Member[];
  currentUserId: string;
  canManage: boolean;
  /** For those who manage members: the links still open. */
  invitations?: OpenInvitation[];
};

export function MembersSection({ members, currentUserId, canManage, invitations }: Props) {
  const [rowResult, setRowResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  const act = (work: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => setRowResult(await work()));

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {canManage && <InviteForm />}
      <FormError result={rowResult} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Joined</th>
              {canManage && <th className="sr-only">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name}
                  {m.userId === currentUserId && <span className="muted"> (you)</span>}
                </td>
                <td>{m.email}</td>
                <td>
                  {canManage ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={pending}
                      onChange={(e) => act(() => changeRoleAction(m.userId, e.target.value as Role))}
                    >
                      <RoleOptions />
                    </select>
                  ) : (
                    <RoleBadge role={m.role} />
                  )}
                </td>
                <td className="muted">{utcDay(m.joinedAt)}</td>
                {canManage && (
                  <td>
                    {m.userId !== currentUserId && (
                      <button
                        type="button"
                        className="button-secondary button-small"
                        disabled={pending}
                        onClick={() => {
                          if (
                            window.confirm(`Reset the sign-in of ${m.email}? Their password stops working.`)
                          )
                            act(() => resetSignInAction(m.userId));
                        }}
                      >
                        Reset sign-in
                      </button>
                    )}{" "}
                    <button
                      type="button"
                      className="button-danger button-small"
                      disabled={pending}
                      onClick={() => {
                        if (window.confirm(`Remove ${m.email} from this tenant?`))
                          act(() => removeMemberAction(m.userId));
                      }}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {invitations && <OpenInvitations invitations={invitations} />}
    </section>
  );
}

function InviteForm() {
  const { result, pending, form } = useKeptForm(inviteMemberAction);
  return (
    <form {...form} className="card" style={{ background: "#fafbfc" }} aria-label="Invite a member">
      <FormError result={result} />
      {result?.ok && (
        <div className="alert alert-ok" role="status">
          An invitation for {result.data.email} was{" "}
          {result.data.delivery === "smtp"
            ? "sent by email."
            : "put in the outbox below (no mail server is configured): pass its link on to them."}{" "}
          They choose their own password when they accept it.
        </div>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" required placeholder="name@company.com" />
        </div>
        <div className="field">
          <label htmlFor="invite-name">Name (optional)</label>
          <input id="invite-name" name="name" maxLength={100} />
        </div>
        <div className="field" style={{ flex: "0 1 140px" }}>
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="viewer">
            <RoleOptions />
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Invite
        </button>
      </div>
    </form>
  );
}
