import { describe, expect, it } from "vitest";
import { agentTagsSchema, playbookFieldsSchema, tagsFromText } from "./limits";
import { systemPromptOf } from "./system-prompt";

describe("a playbook's fields", () => {
  const valid = { name: "Tone", instructions: "Be brief.\r\nAlways.", tags: ["Support", "support", "ops"] };

  it("keep tags lower-case and once each, and line breaks as LF", () => {
    expect(playbookFieldsSchema.parse(valid)).toEqual({
      name: "Tone",
      instructions: "Be brief.\nAlways.",
      tags: ["support", "ops"],
    });
  });

  it("name a bad tag on the tags field, and refuse no tags, NUL and lone surrogates", () => {
    const issue = (input: object) => playbookFieldsSchema.safeParse({ ...valid, ...input }).error?.issues[0];
    expect(issue({ tags: ["ok", "not ok"] })).toMatchObject({ path: ["tags"], message: /"not ok"/ });
    expect(issue({ tags: [] })?.path).toEqual(["tags"]);
    expect(issue({ name: "a\u0000b" })?.path).toEqual(["name"]);
    expect(issue({ instructions: "x\ud800" })?.path).toEqual(["instructions"]);
    expect(issue({ instructions: "x".repeat(8001) })?.path).toEqual(["instructions"]);
    expect(agentTagsSchema.parse([])).toEqual([]);
  });

  it("read tags typed on one line", () => {
    expect(tagsFromText(" support, refunds  ops,,")).toEqual(["support", "refunds", "ops"]);
  });
});

describe("the system prompt", () => {
  it("is the instructions alone without playbooks, and adds each pinned version under a heading", () => {
    expect(systemPromptOf({ instructions: "Do the job." })).toBe("Do the job.");
    expect(systemPromptOf({ instructions: "Do the job.", playbooks: [] })).toBe("Do the job.");
    const prompt = systemPromptOf({
      instructions: "Do the job.",
      playbooks: [{ id: "p1", name: "Tone", version: 3, instructions: "Be brief." }],
    });
    expect(prompt.startsWith("Do the job.\n\n# Playbooks\n\n")).toBe(true);
    expect(prompt.endsWith("## Tone (playbook version 3)\n\nBe brief.")).toBe(true);
  });
});
