"use client";

import { createTenantAction } from "@/app/(app)/platform/actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";

export function CreateTenantForm() {
  const { result, pending, form } = useKeptForm(createTenantAction);
  return (
    <section className="card" aria-labelledby="new-tenant-title">
      <h2 id="new-tenant-title">New tenant</h2>
      <form {...form} aria-label="Create a tenant">
        <FormError result={result} />
        {result?.ok && (
          <div className="alert alert-ok" role="status" data-testid="tenant-created">
            <p>
              {result.data.name} is open. Its first admin, {result.data.invitation.email}, sets their own
              password from a single-use invitation{" "}
              {result.data.invitation.link
                ? "— no mail server is configured, so pass this link on to them yourself:"
                : "that was sent by email."}
            </p>
            {result.data.invitation.link && (
              <input
                readOnly
                aria-label="Invitation link"
                value={result.data.invitation.link}
                onFocus={(e) => e.currentTarget.select()}
                style={{ width: "100%", fontFamily: "monospace" }}
              />
            )}
          </div>
        )}
        <div className="form-row">
          <div className="field">
            <label htmlFor="tenant-name">Name</label>
            <input
              id="tenant-name"
              name="name"
              required
              minLength={2}
              maxLength={80}
              placeholder="Globex Support"
            />
          </div>
          <div className="field">
            <label htmlFor="tenant-admin">First admin's email</label>
            <input
              id="tenant-admin"
              name="admin_email"
              type="email"
              required
              placeholder="admin@globex.com"
            />
          </div>
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Create tenant
          </button>
        </div>
      </form>
    </section>
  );
}
