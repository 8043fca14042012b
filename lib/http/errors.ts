import type { ZodError } from "zod";
import { AppError } from "@/lib/errors";

export function zodToAppError(error: ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input.";
  return new AppError("invalid_input", message, { field, cause: error });
}

export function errorResponse(error: AppError): Response {
  const body: { error: { code: string; message: string; field?: string } & Record<string, unknown> } = {
    error: { ...error.details, code: error.code, message: error.message },
  };
  if (error.field) body.error.field = error.field;
  return Response.json(body, { status: error.status });
}

/**
 * A value the database refused as data (SQLSTATE class 22: a NUL in text, an impossible date, a
 * number out of range, malformed input for a type): the caller's input, so a 400 — never a 500.
 * Drizzle wraps the driver's error as its cause.
 */
export function databaseInputError(error: unknown): AppError | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) {
      const detail = (current as { message?: unknown }).message;
      return new AppError("invalid_input", `The input was refused: ${String(detail)}.`, { cause: error });
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
