"use client";

import { type FormEvent, startTransition, useActionState } from "react";
import { updateMcpToolSettingsAction } from "@/app/(app)/tools/actions";

type Props = {
  tool: string;
  risk: "read" | "write" | "irreversible";
  idempotent: boolean;
  timeoutMs: number;
};

const LABELS: Record<string, string> = { risk: "risk", idempotent: "idempotent", timeoutMs: "time-out" };

/** One MCP tool's settings, inline in its catalog row. */
export function ToolSettingsForm({ tool, risk, idempotent, timeoutMs }: Props) {
  const [result, dispatch, pending] = useActionState(updateMcpToolSettingsAction, null);
  // Not a form `action`: React would reset the form after each save, to values of the first render.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  const id = `settings-${tool}`;
  return (
    <form onSubmit={onSubmit} className="tool-settings" aria-label={`Settings of ${tool}`}>
      <input type="hidden" name="tool" value={tool} />
      <label htmlFor={`${id}-risk`}>
        <span>Risk</span>
        <select id={`${id}-risk`} name="risk" defaultValue={risk}>
          <option value="read">read</option>
          <option value="write">write</option>
          <option value="irreversible">irreversible</option>
        </select>
      </label>
      <label htmlFor={`${id}-idempotent`} className="tool-settings-check">
        <input id={`${id}-idempotent`} type="checkbox" name="idempotent" defaultChecked={idempotent} />
        <span>Idempotent</span>
      </label>
      <label htmlFor={`${id}-timeout`}>
        <span>Time-out (s)</span>
        <input
          id={`${id}-timeout`}
          name="timeoutSeconds"
          type="number"
          min={1}
          max={600}
          step="any"
          required
          inputMode="decimal"
          defaultValue={timeoutMs / 1000}
        />
      </label>
      <button type="submit" className="button-secondary button-small" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}Save
      </button>
      {result && (
        <p
          className={result.ok ? "tool-settings-status ok" : "tool-settings-status field-error"}
          role={result.ok ? "status" : "alert"}
        >
          {result.ok
            ? result.data.changed.length === 0
              ? "Nothing changed."
              : `Saved: ${result.data.changed.map((c) => LABELS[c] ?? c).join(", ")}.`
            : result.error.message.replace(/^timeoutMs: /, "")}
        </p>
      )}
    </form>
  );
}
