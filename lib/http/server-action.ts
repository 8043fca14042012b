import { ZodError } from "zod";
import { isAppError } from "@/lib/errors";
import { databaseInputError, zodToAppError } from "./errors";
import { assertSameOriginAction } from "./same-origin";

export type ActionError = {
  code: string;
  message: string;
  field?: string;
  details?: Record<string, unknown>;
};
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/** Runs a server action's body and turns failures into a message the form can show. */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    await assertSameOriginAction();
    return { ok: true, data: await body() };
  } catch (error) {
    const appError = isAppError(error)
      ? error
      : error instanceof ZodError
        ? zodToAppError(error)
        : databaseInputError(error);
    if (!appError) {
      console.error("Unhandled error in a server action", error);
      return {
        ok: false,
        error: { code: "internal", message: "Something went wrong on our side. The error was logged." },
      };
    }
    return {
      ok: false,
      error: {
        code: appError.code,
        // A form shows the message beside its own labels: the field's internal name would read as noise.
        message:
          error instanceof ZodError ? (error.issues[0]?.message ?? appError.message) : appError.message,
        field: appError.field,
        details: appError.details,
      },
    };
  }
}
