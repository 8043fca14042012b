import type { ActionResult } from "@/lib/http/server-action";

export function FormError({ result }: { result: ActionResult<unknown> | null | undefined }) {
  if (!result || result.ok) return null;
  return (
    <div className="alert alert-error" role="alert">
      {result.error.message}
    </div>
  );
}
