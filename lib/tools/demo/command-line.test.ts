import { describe, expect, it } from "vitest";
import { ToolInputError } from "@/lib/tools/types";
import { parseCommandLine } from "./command-line";

describe("parseCommandLine", () => {
  it("splits on whitespace and accepts allow-listed programs with their read-only options", () => {
    expect(parseCommandLine("  df   -h ")).toEqual({ file: "df", args: ["-h"] });
    for (const line of [
      "ls -lah runbooks",
      "head -5 a.md",
      "head -n5 a.md",
      "head -n 5 a.md",
      "date -u +%Y-%m-%dT%H:%M",
      "uname -a",
      "wc -l a.md b.md",
      "free --human",
    ]) {
      expect(() => parseCommandLine(line), line).not.toThrow();
    }
  });

  it("refuses everything else with a readable reason", () => {
    const refused: [string, RegExp][] = [
      ["", /empty/],
      ["python3 -c 1", /not an allowed command/],
      ["ls -la; rm x", /no shell/],
      ["cat ~/.ssh/id_rsa", /no shell/],
      ["cat ../x", /contain "\.\."/],
      ["ls -Z", /allowed options are/],
      ["wc --files0-from=list", /allowed long options/],
      ["uptime now", /takes options only/],
      ["date 0101000020", /output formats/],
      ["head -n", /followed by a number/],
      ["toString", /not an allowed command/],
    ];
    for (const [line, reason] of refused) {
      expect(() => parseCommandLine(line), line).toThrow(ToolInputError);
      expect(() => parseCommandLine(line), line).toThrow(reason);
    }
  });
});
