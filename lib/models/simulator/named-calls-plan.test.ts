import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createSimulatorModel } from "./index";
import { namedCalls } from "./named-calls-plan";
import { drive } from "./test-harness";

const crmTools = {
  crm__lookup: tool({ description: "Look a customer up", inputSchema: z.object({ id: z.string() }) }),
  crm__note: tool({
    description: "Note something on a customer",
    inputSchema: z.object({ id: z.string(), text: z.string() }),
  }),
};
const world = (name: string, input: Record<string, unknown>) =>
  name === "crm__lookup" ? { id: input.id, name: "Ada" } : { noted: true };

describe("the simulator on an agent of a team's own", () => {
  it("makes the calls the task names, in order, then says which succeeded", async () => {
    const goal =
      'Note that C-1 prefers email.\ncall crm__lookup {"id": "C-1"}\nCall crm__note with {"id": "C-1", "text": "Prefers email"}';
    const { calls, turns } = await drive(createSimulatorModel("default"), crmTools, goal, 12, world);
    expect(calls).toEqual([
      ["crm__lookup", { id: "C-1" }],
      ["crm__note", { id: "C-1", text: "Prefers email" }],
    ]);
    expect(turns.at(-1)?.text).toContain("Made the 2 calls the task named.");
    expect(turns.at(-1)?.text).toContain('crm__note {"id":"C-1","text":"Prefers email"} succeeded.');
  });

  it("says how to name calls when the task names none, and stops on a tool the agent lacks", async () => {
    const none = await drive(createSimulatorModel("default"), crmTools, "Tidy up the CRM", 12, world);
    expect(none.calls).toEqual([]);
    expect(none.turns.at(-1)?.text).toContain("call crm__lookup");
    const unknown = await drive(createSimulatorModel("default"), crmTools, "call crm__delete {}", 12, world);
    expect(unknown.calls).toEqual([]);
    expect(unknown.turns.at(-1)?.text).toContain("no tool named crm__delete");
  });

  it("reads only whole `call` lines with JSON object arguments", () => {
    expect(
      namedCalls("please call me later\ncall crm__lookup\ncall crm__note {not json}\ncall crm__note [1]"),
    ).toEqual([
      { toolName: "crm__lookup", input: {} },
      { toolName: "crm__note", problem: 'the arguments of "call crm__note" are not a JSON object' },
    ]);
  });
});
