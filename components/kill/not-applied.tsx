import type { ActionResult } from "@/lib/http/server-action";

/**
 * Says plainly that a kill or its release never took effect, so nobody walks away believing it
 * did; `still` says what therefore still holds.
 */
export function NotApplied({
  what,
  result,
  still = "treat it as still going",
}: {
  what: string;
  result: ActionResult<unknown> | null;
  still?: string;
}) {
  const cause = result && !result.ok ? result.error.message : "";
  return (
    <div className="alert alert-error" role="alert">
      <strong>{what} was NOT applied.</strong> {cause} Nothing changed: {still}, and try again.
    </div>
  );
}
