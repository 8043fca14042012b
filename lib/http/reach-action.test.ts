import { describe, expect, it } from "vitest";
import { failedInTransit, reachAction, UNREACHABLE } from "./reach-action";

describe("a server action called from the browser", () => {
  it("passes the action's own answer through", async () => {
    const refused = { ok: false as const, error: { code: "conflict", message: "Already stopped." } };
    expect(await reachAction(async () => refused)).toBe(refused);
    expect(failedInTransit(refused)).toBe(false);
  });

  it("reads a request that never got an answer as not done, to be tried again", async () => {
    const result = await reachAction(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(result).toMatchObject({ ok: false, error: { code: UNREACHABLE } });
    expect(failedInTransit(result)).toBe(true);
    expect(failedInTransit({ ok: false, error: { code: "internal", message: "Logged." } })).toBe(true);
  });

  it("lets Next's own errors (a redirect to sign in) through to the router", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in" });
    await expect(
      reachAction(async () => {
        throw redirect;
      }),
    ).rejects.toBe(redirect);
  });
});
