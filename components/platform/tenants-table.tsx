"use client";

import { useState, useTransition } from "react";
import { renameTenantAction, resumeTenantAction, suspendTenantAction } from "@/app/(app)/platform/actions";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { utcDay } from "@/lib/day";
import type { ActionResult } from "@/lib/http/server-action";
import type { TenantSummary } from "@/lib/platform/tenants";

type Props = { tenants: TenantSummary[]; ownTenantId: string };

const day = (d: Date | null) => (d ? utcDay(d) : "—");

export function TenantsTable({ tenants, ownTenantId }: Props) {
  const [editing, setEditing] = useState<{ id: string; what: "rename" | "suspend" } | null>(null);
  const [rowResult, setRowResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  if (tenants.length === 0)
    return (
      <EmptyState icon="🏢" title="No tenants on this page">
        <p>Create one above.</p>
      </EmptyState>
    );
  return (
    <section className="card" style={{ padding: 0 }} aria-label="Tenants">
      <FormError result={rowResult} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Address</th>
              <th>Members</th>
              <th>Last run</th>
              <th>Status</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((t) => (
              <tr key={t.id} data-testid={`tenant-${t.slug}`}>
                <td>
                  {editing?.id === t.id && editing.what === "rename" ? (
                    <RenameForm tenant={t} onDone={() => setEditing(null)} />
                  ) : (
                    <>
                      {t.name}
                      {t.id === ownTenantId && <span className="muted"> (signed in)</span>}
                    </>
                  )}
                </td>
                <td className="muted">{t.slug}</td>
                <td>{t.members}</td>
                <td className="muted">{day(t.lastRunAt)}</td>
                <td>
                  {t.suspendedAt ? (
                    <span className="badge badge-revoked" title={t.suspendedReason ?? undefined}>
                      Suspended {day(t.suspendedAt)}
                    </span>
                  ) : (
                    <span className="badge badge-operator">Active</span>
                  )}
                  {t.suspendedReason && <div className="muted">{t.suspendedReason}</div>}
                </td>
                <td>
                  {editing?.id === t.id && editing.what === "suspend" ? (
                    <SuspendForm tenant={t} onDone={() => setEditing(null)} />
                  ) : (
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button-secondary button-small"
                        disabled={pending}
                        onClick={() => setEditing({ id: t.id, what: "rename" })}
                      >
                        Rename
                      </button>{" "}
                      {t.suspendedAt ? (
                        <button
                          type="button"
                          className="button-primary button-small"
                          disabled={pending}
                          onClick={() => {
                            if (
                              window.confirm(
                                `Resume ${t.name}? Its people and keys get in again and its runs go on.`,
                              )
                            )
                              startTransition(async () => setRowResult(await resumeTenantAction(t.id)));
                          }}
                        >
                          Resume
                        </button>
                      ) : (
                        t.id !== ownTenantId && (
                          <button
                            type="button"
                            className="button-danger button-small"
                            disabled={pending}
                            onClick={() => setEditing({ id: t.id, what: "suspend" })}
                          >
                            Suspend…
                          </button>
                        )
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RenameForm({ tenant, onDone }: { tenant: TenantSummary; onDone: () => void }) {
  const { result, pending, form } = useKeptForm(async (previous: unknown, data: FormData) => {
    const outcome = await renameTenantAction(previous, data);
    if (outcome.ok) onDone();
    return outcome;
  });
  return (
    <form {...form} aria-label={`Rename ${tenant.name}`} className="inline-form">
      <FormError result={result} />
      <input type="hidden" name="id" value={tenant.id} />
      <input
        name="name"
        aria-label="New name"
        defaultValue={tenant.name}
        required
        minLength={2}
        maxLength={80}
        autoFocus
        onKeyDown={(e) => e.key === "Escape" && onDone()}
      />{" "}
      <button type="submit" className="button-primary button-small" disabled={pending}>
        Save
      </button>{" "}
      <button type="button" className="button-secondary button-small" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function SuspendForm({ tenant, onDone }: { tenant: TenantSummary; onDone: () => void }) {
  const { result, pending, form } = useKeptForm(async (previous: unknown, data: FormData) => {
    const outcome = await suspendTenantAction(previous, data);
    if (outcome.ok) onDone();
    return outcome;
  });
  return (
    <form {...form} aria-label={`Suspend ${tenant.name}`} className="inline-form">
      <FormError result={result} />
      <input type="hidden" name="id" value={tenant.id} />
      <input
        name="reason"
        aria-label="Why"
        placeholder="Why (kept in both audit logs)"
        required
        minLength={3}
        maxLength={500}
        autoFocus
        onKeyDown={(e) => e.key === "Escape" && onDone()}
      />{" "}
      <button type="submit" className="button-danger button-small" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}Suspend
      </button>{" "}
      <button type="button" className="button-secondary button-small" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
