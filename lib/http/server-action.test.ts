import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { runAction } from "./server-action";

const request = { headers: new Headers({ origin: "http://localhost:3000" }) };
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
beforeEach(() => {
  request.headers = new Headers({ origin: "http://localhost:3000" });
});

describe("a server action's result", () => {
  it("shows a form the validation message without the field's internal name, and names the field", async () => {
    const schema = z.object({ alertWebhookUrl: z.url({ error: "The webhook must be an http(s) URL." }) });
    const result = await runAction(async () => schema.parse({ alertWebhookUrl: "nope" }));
    expect(result).toEqual({
      ok: false,
      error: {
        code: "invalid_input",
        message: "The webhook must be an http(s) URL.",
        field: "alertWebhookUrl",
        details: undefined,
      },
    });
  });

  it("passes application errors through, and hides anything else", async () => {
    const refused = await runAction(async () => {
      throw new AppError("forbidden", "Only admins can do that.");
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: "Only admins can do that." },
    });
    const crashed = await runAction(async () => {
      throw new Error("secret internals");
    });
    expect(crashed).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(JSON.stringify(crashed)).not.toContain("secret internals");
  });

  it("refuses a request without an Origin header, or with one that is not a URL", async () => {
    let ran = false;
    const body = async () => {
      ran = true;
      return 1;
    };
    request.headers = new Headers();
    expect(await runAction(body)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    request.headers = new Headers({ origin: "not a url" });
    expect(await runAction(body)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(ran).toBe(false);
  });
});
