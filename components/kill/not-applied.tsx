import type { ActionResult } from "@/lib/http/server-action";

/** Says plainly that a kill never took effect, so nobody walks away believing it did. */
export function NotApplied({ what, result }: { what: string; result: ActionResult<unknown> | null }) {
  const cause = result && !result.ok ? result.error.message : "";
  return (
    <div className="alert alert-error" role="alert">
      <strong>{what} was NOT applied.</strong> {cause} Nothing changed: treat it as still going, and try
      again.
    </div>
  );
}
