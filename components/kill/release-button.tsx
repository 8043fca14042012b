"use client";

import { useState, useTransition } from "react";
import { releaseKillAction } from "@/app/(app)/kill-actions";
import { FormError } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/http/server-action";

type Props = { scope: "agent" | "tenant" | "global"; target?: string; label: string; className?: string };

/** Resume / Unfreeze / Release: asks for confirmation, then releases the switch. */
export function ReleaseButton({ scope, target, label, className }: Props) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  return (
    <>
      <FormError result={result} />
      <button
        type="button"
        className={className ?? "button button-secondary"}
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`${label}?`)) return;
          start(async () => setResult(await releaseKillAction({ scope, target, reason: label })));
        }}
      >
        {pending && <span className="spinner" aria-hidden />}
        {label}
      </button>
    </>
  );
}
