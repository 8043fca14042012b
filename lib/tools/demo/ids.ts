import { z } from "zod";

/** An id as the model writes it ("T-1001", " o-5004 "): trimmed and upper-cased before lookup. */
export const demoId = (what: string, example: string) =>
  z.string().trim().toUpperCase().min(1).max(40).describe(`The ${what} id, e.g. "${example}".`);
