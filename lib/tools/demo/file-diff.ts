import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";

export const MAX_DIFF_CHARS = 2000;
// Bounds the work on large, wholly rewritten files; the receipt then says the diff was skipped.
const DIFF_TIMEOUT_MS = 500;

/** A unified diff of a workspace file, `/dev/null` standing for a file that did not exist. */
export function unifiedDiff(path: string, before: string | null, after: string): string {
  const patch = createTwoFilesPatch(
    before === null ? "/dev/null" : `a/${path}`,
    `b/${path}`,
    before ?? "",
    after,
    "",
    "",
    {
      context: 3,
      headerOptions: FILE_HEADERS_ONLY,
      timeout: DIFF_TIMEOUT_MS,
    },
  );
  const text = patch ?? "(diff not computed: the change is too large)\n";
  return text.length > MAX_DIFF_CHARS ? `${text.slice(0, MAX_DIFF_CHARS - 16)}\n… (truncated)\n` : text;
}
