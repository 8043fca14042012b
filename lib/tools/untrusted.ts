/**
 * Fields of tool output that carry text written by outsiders (customers, web pages, files):
 * instructions found there are data, never orders. Policy marks values first seen there as untrusted.
 */
export const UNTRUSTED_FIELDS: ReadonlySet<string> = new Set([
  "subject",
  "body",
  "title",
  "snippet",
  "stdout",
  "stderr",
  "content",
  "text",
  // A remembered value that was itself read in untrusted text (lib/tools/memory).
  "untrusted_value",
]);
