"use client";

import { type FormEvent, type RefObject, startTransition, useActionState, useEffect, useRef } from "react";

type FormAction<S> = (previous: S | null, form: FormData) => Promise<S | null>;

/** What a `<form>` spreads to be kept: `<form {...form}>`. */
export type KeptFormProps = {
  ref: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
};

/**
 * A form bound to a server action that keeps what was typed when the action refuses it, and
 * clears it once the action succeeds. (A form whose `action` is the server action is reset by
 * React after every submit, so a refused invite or budget would have to be typed again.)
 */
export function useKeptForm<S extends { ok: boolean } | null>(action: FormAction<S>) {
  const [result, dispatch, pending] = useActionState<S | null, FormData>(action, null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) ref.current?.reset();
  }, [result]);
  const onSubmit: KeptFormProps["onSubmit"] = (event) => {
    event.preventDefault();
    // With the button that submitted it, as a native submit would send.
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  };
  const form: KeptFormProps = { ref, onSubmit };
  return { result, pending, form };
}
