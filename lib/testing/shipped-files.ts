import { readdirSync } from "node:fs";
import path from "node:path";

export const libRoot = path.resolve(import.meta.dirname, "..");

/**
 * The TypeScript files of lib/ that ship, relative to lib/ ("runtime/lease.ts"): tests and their
 * helpers are left out, as they may reach across folders to set up a scene.
 */
export function shippedLibFiles(): string[] {
  return readdirSync(libRoot, { recursive: true, encoding: "utf8" }).filter(
    (file) => /\.tsx?$/.test(file) && !/\.test\.ts$/.test(file) && !/(^|\/)testing(\/|\.ts$)/.test(file),
  );
}
