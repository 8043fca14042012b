import { ToolInputError } from "@/lib/tools/types";

const MAX_PATH_LENGTH = 200;
const MAX_DEPTH = 8;
// A leading dot is refused so "." and ".." can never be a segment.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * A path inside the tenant's workspace, e.g. "incidents/2025-01-31-health-check.md". Anything that
 * could name a file outside it (absolute paths, "..", backslashes, empty segments) is refused.
 */
export function workspacePath(path: string): string {
  const problem = pathProblem(path);
  if (problem) throw new ToolInputError(`Invalid workspace path "${path}": ${problem}.`);
  return path;
}

function pathProblem(path: string): string | null {
  if (path.length === 0) return "the path is empty";
  if (path.length > MAX_PATH_LENGTH) return `it is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.startsWith("/")) return "absolute paths are not allowed, use a path relative to the workspace";
  if (path.includes("\\")) return "backslashes are not allowed, separate folders with /";
  const segments = path.split("/");
  if (segments.length > MAX_DEPTH) return `it is more than ${MAX_DEPTH} levels deep`;
  if (segments.some((s) => s === "..")) return `".." is not allowed, the path must stay inside the workspace`;
  if (segments.some((s) => s === "")) return "empty path segments (// or a trailing /) are not allowed";
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad)
    return `"${bad}" may only use letters, digits, ".", "_" and "-", and must not start with "." or "-"`;
  return null;
}
