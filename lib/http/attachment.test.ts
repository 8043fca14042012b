import { describe, expect, it } from "vitest";
import { attachment } from "./attachment";

describe("a download's file name", () => {
  it("is a header any name can be sent in, and keeps the name for clients that read filename*", () => {
    for (const name of ["otlp:日本.agent.yaml", 'a"b\r\nSet-Cookie: x=1.json', "plain-name.agent.yaml"]) {
      const value = attachment(name);
      expect(() => new Headers({ "content-disposition": value }), name).not.toThrow();
      expect(value).not.toMatch(/[\r\n]/);
      const encoded = /filename\*=UTF-8''(.*)$/.exec(value)?.[1] ?? "";
      expect(decodeURIComponent(encoded)).toBe(name);
    }
    expect(attachment("support-triage.agent.yaml")).toContain('filename="support-triage.agent.yaml"');
  });
});
