import { describe, expect, it } from "vitest";
import { createLinkIntent, readLinkIntent, SSO_LINK_SECONDS } from "./sso-link";

const SECRET = "a-test-secret-of-some-length";
const USER = "7d3f0a1e-1111-4222-8333-944445555666";
const INTENT = { userId: USER, sessionVersion: 3 };

describe("single sign-on link intents", () => {
  it("names the person who asked and the session they asked in, until it expires", () => {
    const now = Date.now();
    const intent = createLinkIntent(SECRET, INTENT, now);
    expect(readLinkIntent(SECRET, intent, now)).toEqual(INTENT);
    expect(readLinkIntent(SECRET, intent, now + (SSO_LINK_SECONDS + 1) * 1000)).toBeNull();
  });

  it("refuses a forged, altered or missing intent", () => {
    const intent = createLinkIntent(SECRET, INTENT);
    const [, version, expires, mac] = intent.split(".");
    expect(readLinkIntent("another-secret", intent)).toBeNull();
    expect(
      readLinkIntent(SECRET, `00000000-0000-4000-8000-000000000000.${version}.${expires}.${mac}`),
    ).toBeNull();
    expect(readLinkIntent(SECRET, `${USER}.4.${expires}.${mac}`)).toBeNull();
    expect(readLinkIntent(SECRET, `${USER}.${version}.${Number(expires) + 9999}.${mac}`)).toBeNull();
    for (const bad of [undefined, "", "x", `${USER}.1`, `${USER}.${version}.${expires}.`, `${intent}.x`]) {
      expect(readLinkIntent(SECRET, bad)).toBeNull();
    }
  });
});
