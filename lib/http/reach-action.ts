import type { ActionResult } from "./server-action";

/** The code of a server action that got no usable answer: the network or the server was down. */
export const UNREACHABLE = "unreachable";

// Next marks the errors it throws on purpose (redirect, notFound, an error thrown on the server) with
// a digest; a failed fetch or a proxy's error page comes without one.
const isFrameworkError = (error: unknown) =>
  typeof error === "object" && error !== null && typeof (error as { digest?: unknown }).digest === "string";

/**
 * Calls a server action from the browser and turns a request that never got the action's answer
 * into a result the form can show, instead of an error that replaces the page.
 */
export async function reachAction<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await call();
  } catch (error) {
    if (isFrameworkError(error)) throw error;
    return {
      ok: false,
      error: { code: UNREACHABLE, message: "Flightdeck's server could not be reached." },
    };
  }
}

const NOT_DONE = new Set([UNREACHABLE, "internal", "unavailable"]);

/** True when the action certainly did not complete for a reason other than its input: worth trying again. */
export function failedInTransit(result: ActionResult<unknown> | null | undefined): boolean {
  if (!result || result.ok) return false;
  return NOT_DONE.has(result.error.code);
}
