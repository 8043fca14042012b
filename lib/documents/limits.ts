import { z } from "zod";

/** A document's text may take at most this many bytes (UTF-8). */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
export const MAX_TITLE_LENGTH = 200;
export const MAX_SOURCE_LENGTH = 500;

const unstorable = (text: string): boolean => text.includes("\0") || !text.isWellFormed();

/** Text PostgreSQL can keep: no NUL, no lone surrogate. */
const storableText = (what: string) =>
  z.string({ error: `Write the ${what} as text.` }).refine((text) => !unstorable(text), {
    message: `The ${what} holds a NUL character or invalid Unicode.`,
  });

export const documentTitleSchema = storableText("title")
  .transform((title) => title.trim())
  .pipe(
    z
      .string()
      .min(1, "Give the document a title.")
      .max(MAX_TITLE_LENGTH, `A title is at most ${MAX_TITLE_LENGTH} characters.`),
  );

export const documentTextSchema = storableText("text").superRefine((text, context) => {
  if (text.trim() === "") context.addIssue({ code: "custom", message: "The document has no text." });
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DOCUMENT_BYTES)
    context.addIssue({
      code: "custom",
      message: `The text is ${bytes} bytes; a document is at most ${MAX_DOCUMENT_BYTES} bytes (1 MiB). Split it into several documents.`,
    });
});

/** Where the text came from: a URL or a label; empty means none. */
export const documentSourceSchema = storableText("source")
  .transform((source) => source.trim())
  .pipe(z.string().max(MAX_SOURCE_LENGTH, `A source is at most ${MAX_SOURCE_LENGTH} characters.`));

export const newDocumentSchema = z.object({
  title: documentTitleSchema,
  text: documentTextSchema,
  source: documentSourceSchema.optional(),
});
export type NewDocument = z.input<typeof newDocumentSchema>;

/** A search's words (websearch syntax: "a phrase", -word, or). */
export const documentQuerySchema = z
  .string({ error: "Write what to look for." })
  .trim()
  .min(1, "Write what to look for.")
  .max(200, "A query is at most 200 characters.");
