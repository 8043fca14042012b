/**
 * Reading a server action's form. A server action is a public endpoint: whatever a client sends
 * arrives here, not only what the page's form would. Anything that is not a form reads as an empty
 * one, so the use case's own validation answers with its usual message rather than a crash.
 */
export function formText(form: unknown, name: string): string {
  if (!(form instanceof FormData)) return "";
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Every text value of a repeated field (checkboxes, selected rows). */
export function formTexts(form: unknown, name: string): string[] {
  if (!(form instanceof FormData)) return [];
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}
