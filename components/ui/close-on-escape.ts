import type { KeyboardEvent } from "react";

/** A `<details>` menu's Escape: closes it and gives the focus back to its summary. */
export function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>) {
  if (event.key !== "Escape" || !event.currentTarget.open) return;
  event.currentTarget.open = false;
  event.currentTarget.querySelector("summary")?.focus();
}
