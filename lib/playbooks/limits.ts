import { z } from "zod";
import { unstorable } from "@/lib/memory/limits";

/** Instructions of a playbook: at most this many characters (each run's prompt carries them). */
export const MAX_PLAYBOOK_CHARS = 8000;
export const MAX_PLAYBOOK_TAGS = 20;
export const MAX_AGENT_TAGS = 20;

/** A tag: lower-case letters, digits and `- _ . :`, as on an agent and on a playbook. */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "A tag cannot be empty.")
  .max(50, "A tag is at most 50 characters.")
  .regex(
    /^[a-z0-9][a-z0-9._:-]*$/,
    "A tag starts with a letter or digit and holds only letters, digits and . _ : -",
  );

/**
 * Tags without repeats, in the order given. A bad tag is named on the list's own field (`tags`), so a
 * form that takes them as one line of text can point at it.
 */
const tagList = (max: number) =>
  z
    .array(z.string(), { error: "Send the tags as a list of text." })
    .max(max, `At most ${max} tags.`)
    .transform((tags, context) => {
      const parsed: string[] = [];
      for (const tag of tags) {
        const result = tagSchema.safeParse(tag);
        if (result.success) parsed.push(result.data);
        else context.addIssue({ code: "custom", message: `"${tag}": ${result.error.issues[0]?.message}` });
      }
      return [...new Set(parsed)];
    });

export const agentTagsSchema = tagList(MAX_AGENT_TAGS);

export const playbookFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the playbook.")
    .max(100, "Keep the name under 100 characters.")
    .refine((name) => !unstorable(name), "The name holds a NUL or invalid Unicode."),
  instructions: z
    .string()
    // Browsers submit textarea line breaks as CRLF.
    .transform((text) => text.replace(/\r\n?/g, "\n"))
    .pipe(
      z
        .string()
        .refine((text) => text.trim().length > 0, "Write the playbook's instructions.")
        .refine(
          (text) => text.length <= MAX_PLAYBOOK_CHARS,
          `Keep the instructions under ${MAX_PLAYBOOK_CHARS.toLocaleString("en-US")} characters.`,
        )
        .refine((text) => !unstorable(text), "The instructions hold a NUL or invalid Unicode."),
    ),
  tags: tagList(MAX_PLAYBOOK_TAGS).refine(
    (tags) => tags.length > 0,
    "Give the playbook at least one tag: it applies to the agents that carry one.",
  ),
});

/** Tags typed on one line, separated by commas or spaces (the forms' way to write a list). */
export const tagsFromText = (text: string): string[] => text.split(/[\s,]+/).filter((tag) => tag !== "");
