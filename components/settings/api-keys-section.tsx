"use client";

import { useState, useTransition } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(app)/settings/actions";
import { Time } from "@/components/time/time-zone";
import { FormError } from "@/components/ui/form-error";
import { RoleOptions } from "@/components/ui/role-select";
import { ShownOnce } from "@/components/ui/shown-once";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import type { ActionResult } from "@/lib/http/server-action";
import { RoleBadge } from "./role-badge";

export function ApiKeysSection({ keys }: { keys: ApiKeySummary[] }) {
  const { result, pending, form } = useKeptForm(createApiKeyAction);
  const [revokeResult, setRevokeResult] = useState<ActionResult<unknown> | null>(null);
  const [revoking, startRevoke] = useTransition();

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="muted">
        Programs use a key as <code>Authorization: Bearer &lt;key&gt;</code>. A key acts in this tenant with
        its role, never more than its creator's current role, and stops working if its creator leaves. An{" "}
        <strong>ingest</strong> key only sends traces of agents that run elsewhere to{" "}
        <code>/api/otlp/v1/traces</code> (OTLP/HTTP): nothing else accepts it.
      </p>
      <form {...form} className="card" style={{ background: "#fafbfc" }} aria-label="Create an API key">
        <FormError result={result} />
        {result?.ok && (
          <ShownOnce
            message="Key created. Copy it now: it is not shown again."
            secret={result.data.key}
            testId="new-api-key"
          />
        )}
        <div className="form-row">
          <div className="field">
            <label htmlFor="key-name">Name</label>
            <input id="key-name" name="name" required maxLength={80} placeholder="e.g. CI pipeline" />
          </div>
          <div className="field" style={{ flex: "0 1 180px" }}>
            <label htmlFor="key-role">Role</label>
            <select id="key-role" name="role" defaultValue="operator">
              <RoleOptions />
              <option value="ingest">ingest (traces only)</option>
            </select>
          </div>
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Create key
          </button>
        </div>
      </form>
      <FormError result={revokeResult} />
      {keys.length === 0 ? (
        <p className="muted">No API keys yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Role</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td>
                    {k.purpose === "ingest" ? (
                      <span className="badge source-badge">ingest</span>
                    ) : (
                      <RoleBadge role={k.role} />
                    )}
                    <ActsAs summary={k} />
                  </td>
                  <td className="muted">
                    <Time at={k.createdAt} precision="minute" />
                  </td>
                  <td className="muted">
                    <Time at={k.lastUsedAt} precision="minute" fallback="never" />
                  </td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge badge-revoked">revoked</span>
                    ) : (
                      <button
                        type="button"
                        className="button-danger button-small"
                        disabled={revoking}
                        onClick={() => {
                          if (
                            window.confirm(
                              `Revoke the key "${k.name}"? Programs using it stop working at once.`,
                            )
                          ) {
                            startRevoke(async () => setRevokeResult(await revokeApiKeyAction(k.id)));
                          }
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Whether the key is held below its role by its creator's role, or refused since its creator left. */
function ActsAs({ summary }: { summary: ApiKeySummary }) {
  if (summary.revokedAt) return null;
  if (summary.actsAs === null) return <div className="muted">refused: its creator left the tenant</div>;
  if (summary.purpose === "ingest" || summary.actsAs === summary.role) return null;
  return <div className="muted">acts as {summary.actsAs}: its creator's role</div>;
}
