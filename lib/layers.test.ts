import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { libRoot as lib, shippedLibFiles } from "./testing/shipped-files";

/** A folder of lib/ ("runtime"), or a file directly in lib/ ("sha256.ts"). */
const unitOf = (fromLib: string) =>
  fromLib.includes("/") ? fromLib.slice(0, fromLib.indexOf("/")) : fromLib;

function targetInLib(file: string, specifier: string): string | null {
  if (specifier.startsWith("@/lib/")) return specifier.slice("@/lib/".length);
  if (!specifier.startsWith(".")) return null;
  const resolved = path.relative(lib, path.resolve(path.dirname(path.join(lib, file)), specifier));
  return resolved.startsWith("..") ? null : resolved;
}

// Type-only imports, re-exports and dynamic imports all count: each is a dependency.
/** Folder → folder it imports → one import that shows it ("runtime/parking.ts imports @/lib/…"). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of shippedLibFiles()) {
    const from = unitOf(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(lib, file), "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = targetInLib(file, specifier);
      if (target === null) continue;
      const to = target.includes("/") ? unitOf(target) : `${target}.ts`;
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${file} imports ${specifier}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** The first cycle found, as the folders along it with the import behind each step, or null. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (folder: string): string[] | null => {
    const onPath = path.indexOf(folder);
    if (onPath >= 0) {
      const loop = [...path.slice(onPath), folder];
      return loop
        .slice(0, -1)
        .map((step, i) => `${step} → ${loop[i + 1]} (${graph.get(step)?.get(loop[i + 1])})`);
    }
    if (done.has(folder)) return null;
    path.push(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(folder);
    return null;
  };
  for (const folder of graph.keys()) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return null;
}

describe("the folders of lib/", () => {
  it("depend on each other without a cycle, so each layer holds by itself", () => {
    expect(findCycle(folderGraph())).toBeNull();
  });

  it("are seen by the check: a cycle made up here is named with its imports", () => {
    const graph = folderGraph();
    expect(graph.get("runtime")?.has("kill")).toBe(true);
    graph.set(
      "kill",
      new Map([...(graph.get("kill") ?? []), ["runtime", "kill/x.ts imports @/lib/runtime/y"]]),
    );
    expect(findCycle(graph)?.join("\n")).toContain("kill → runtime (kill/x.ts imports @/lib/runtime/y)");
  });
});
