"use client";

import { useState, useTransition } from "react";
import { releaseKillAction } from "@/app/(app)/kill-actions";
import { FormError } from "@/components/ui/form-error";
import { failedInTransit, reachAction } from "@/lib/http/reach-action";
import type { ActionResult } from "@/lib/http/server-action";
import { NotApplied } from "./not-applied";

type Props = {
  scope: "agent" | "tenant" | "global" | "run_pause";
  target?: string;
  label: string;
  className?: string;
};

/** Resume / Unfreeze / Release: asks for confirmation, then releases the switch. */
export function ReleaseButton({ scope, target, label, className }: Props) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  // A release sent while the server is down leaves the page standing and says it did nothing.
  const retry = failedInTransit(result);
  return (
    <>
      {retry ? (
        <NotApplied what={label} result={result} still="the switch still holds" />
      ) : (
        <FormError result={result} />
      )}
      <button
        type="button"
        className={className ?? "button button-secondary"}
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`${label}?`)) return;
          start(async () =>
            setResult(await reachAction(() => releaseKillAction({ scope, target, reason: label }))),
          );
        }}
      >
        {pending && <span className="spinner" aria-hidden />}
        {retry ? "Try again" : label}
      </button>
    </>
  );
}
