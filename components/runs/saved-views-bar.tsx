"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { deleteViewAction, saveViewAction } from "@/app/(app)/runs/(list)/view-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ActionResult } from "@/lib/http/server-action";

export type ViewLink = {
  id: string;
  name: string;
  query: string;
  shared: boolean;
  mine: boolean;
  owner: string;
};

/** Named runs lists (filters and columns): one's own and the tenant's shared ones, and saving the current one. */
export function SavedViewsBar({ views, current }: { views: ViewLink[]; current: string }) {
  const { result, pending, form } = useKeptForm(saveViewAction);
  const [removal, setRemoval] = useState<ActionResult<unknown> | null>(null);
  const [busy, start] = useTransition();
  return (
    <section className="saved-views" aria-label="Saved views">
      <ul className="saved-view-list">
        <li>
          <Link href="/runs" className="saved-view" aria-current={current === "" ? "page" : undefined}>
            All runs
          </Link>
        </li>
        {views.map((view) => (
          <li key={view.id} data-testid="saved-view">
            <Link
              href={view.query ? `/runs?${view.query}` : "/runs"}
              className="saved-view"
              aria-current={view.query === current ? "page" : undefined}
              title={view.mine ? undefined : `Shared by ${view.owner}`}
            >
              {view.name}
              {view.shared && <span className="muted">{view.mine ? " · shared" : ` · ${view.owner}`}</span>}
            </Link>
            {view.mine && (
              <button
                type="button"
                className="saved-view-remove"
                aria-label={`Remove the view ${view.name}`}
                disabled={busy}
                onClick={() => start(async () => setRemoval(await deleteViewAction(view.id)))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <details className="save-view">
        <summary>Save this view</summary>
        <form {...form} className="form-row" aria-label="Save this view">
          <FormError result={result} />
          {result?.ok && (
            <span className="muted" role="status">
              Saved “{result.data.name}”.
            </span>
          )}
          <input type="hidden" name="query" value={current} />
          <div className="field">
            <label htmlFor="view-name">Name</label>
            <input
              id="view-name"
              name="name"
              required
              maxLength={80}
              placeholder="e.g. Refunds that failed"
            />
          </div>
          <label className="checkbox">
            <input type="checkbox" name="shared" value="1" /> Share with the tenant
          </label>
          <button type="submit" className="button-secondary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Save view
          </button>
        </form>
      </details>
      <FormError result={removal} />
    </section>
  );
}
