const ORIGIN = "http://flightdeck.invalid";

// A backslash reads as "/" to browsers; control characters are dropped by the URL parser.
const unsafe = (char: string) => char === "\\" || char <= "\u001f" || char === "\u007f";

/**
 * Where signing in may land: a path of this app, or `fallback`. A value that starts with "/" can
 * still leave the site ("//host", "/\host", or a tab or newline the URL parser drops), so the path
 * is kept only when, resolved against this app, it stays on this app.
 */
export function callbackPath(value: string | undefined, fallback = "/runs"): string {
  if (!value?.startsWith("/") || value.startsWith("//") || [...value].some(unsafe)) return fallback;
  try {
    const url = new URL(value, ORIGIN);
    return url.origin === ORIGIN ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
