"use client";

import { type FormEvent, startTransition, useActionState, useEffect, useRef } from "react";
import type { ActionResult } from "@/lib/http/server-action";

type FormAction<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * A form bound to a server action that keeps what was typed when the action refuses it, and
 * clears it once the action succeeds. (A form whose `action` is the server action is reset by
 * React after every submit, so a refused invite or budget would have to be typed again.)
 */
export function useKeptForm<T>(action: FormAction<T>) {
  const [result, dispatch, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) ref.current?.reset();
  }, [result]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // With the button that submitted it, as a native submit would send.
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  };
  return { result, pending, form: { ref, onSubmit } };
}
