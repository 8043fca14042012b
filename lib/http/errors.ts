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
