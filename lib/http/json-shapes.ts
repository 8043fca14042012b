import { z } from "zod";

/**
 * The shapes the API's answers are described with (lib/http/openapi.ts). A serializer returns the
 * input type of its schema, so a field it adds or drops fails the typecheck before the contract test.
 */

/** A moment: a Date where it is made, an ISO 8601 string in JSON. */
export const timestamp = z
  .custom<Date | string>((v) => v instanceof Date || typeof v === "string")
  .meta({ type: "string", format: "date-time" });

/** Data with keys of its own (tool arguments, evidence, schemas): never renamed, not described further. */
export const data = z.unknown();

/** An object whose keys are names (agents, stop reasons), not fields. */
export const byName = <T extends z.ZodType>(value: T) => z.record(z.string(), value);
