import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type EvalSuite, evalSuiteSchema } from "./case-schema";

/** The folder of the suites kept in the repository, relative to its root. */
export const SUITES_DIR = path.join("lib", "evals", "suites");

/** A suite's file: a path as given, else a suite of that name in the repository. */
export function suitePath(nameOrFile: string, root = process.cwd()): string {
  if (nameOrFile.endsWith(".json") || nameOrFile.includes("/")) return path.resolve(root, nameOrFile);
  return path.resolve(root, SUITES_DIR, `${nameOrFile}.json`);
}

/** The baseline kept beside a suite file: demo-support.json → demo-support.baseline.json. */
export const baselinePathOf = (file: string) => file.replace(/\.json$/, ".baseline.json");

/** Reads and validates a suite file; the error names the file and every problem with its place. */
export async function loadSuite(file: string): Promise<EvalSuite> {
  if (!existsSync(file)) throw new Error(`No suite file at ${file}.`);
  return parseSuite(await readFile(file, "utf8"), file);
}

export function parseSuite(text: string, source: string): EvalSuite {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = evalSuiteSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join(".") || "(file)"}: ${issue.message}`,
  );
  throw new Error(`${source} is not a valid suite:\n${problems.join("\n")}`);
}
