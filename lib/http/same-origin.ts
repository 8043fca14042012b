import { headers } from "next/headers";
import { AppError } from "@/lib/errors";

/**
 * Server actions are public POST endpoints. Next.js compares a request's Origin with its host
 * but lets a request without an Origin through; browsers always send one with a form post or a
 * fetch, so a request without one (or with one that is not a URL) is not a page of this app.
 */
export async function assertSameOriginAction(): Promise<void> {
  const origin = (await headers()).get("origin");
  if (!origin)
    throw new AppError(
      "forbidden",
      "This request did not say which page sent it (no Origin header): refused.",
    );
  try {
    new URL(origin);
  } catch {
    throw new AppError("forbidden", "This request's Origin header is not a URL: refused.");
  }
}
