"use client";

import { useEffect, useRef } from "react";
import type { ActionResult } from "@/lib/http/server-action";

type KeptState<V> = { result: ActionResult<unknown>; values: V } | null;

/**
 * A form whose refused submission keeps what was typed: the values to show (the submitted ones
 * after an error, else `current`), the field the error names (focused), and that field's message.
 */
export function useFieldErrors<F extends string, V>(state: KeptState<V>, fields: readonly F[], current: V) {
  const form = useRef<HTMLFormElement>(null);
  const error = state && !state.result.ok ? state.result.error : null;
  const values = error && state ? state.values : current;
  const field = fields.find((f) => f === error?.field);
  const fieldError = (name: F) => (field === name ? error?.message.replace(`${name}: `, "") : undefined);

  useEffect(() => {
    if (state && field) form.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  }, [state, field]);

  return { form, error, values, field, fieldError };
}
