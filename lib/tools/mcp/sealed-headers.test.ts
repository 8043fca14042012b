import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { openHeaders, SealedHeadersError, sealHeaders } from "./sealed-headers";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const headers = { Authorization: "Bearer sk-live-0123456789", "X-Team": "ops" };

describe("sealed headers", () => {
  it("seals with a fresh IV each time, in a versioned text, and opens back", () => {
    const one = sealHeaders(headers, "tenant-1", secret);
    const two = sealHeaders(headers, "tenant-1", secret);
    expect(one).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain("sk-live");
    expect(openHeaders(one, "tenant-1", secret)).toEqual(headers);
    expect(openHeaders(two, "tenant-1", secret)).toEqual(headers);
  });

  it("refuses another secret, another context, a changed byte and an unknown format", () => {
    const sealed = sealHeaders(headers, "tenant-1", secret);
    expect(() => openHeaders(sealed, "tenant-1", `${secret}x`)).toThrow(SealedHeadersError);
    expect(() => openHeaders(sealed, "tenant-2", secret)).toThrow(SealedHeadersError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => openHeaders(parts.join("."), "tenant-1", secret)).toThrow(SealedHeadersError);
    expect(() => openHeaders(`v2.${sealed.slice(3)}`, "tenant-1", secret)).toThrow(/not in a format/);
    expect(() => openHeaders("garbage", "tenant-1", secret)).toThrow(SealedHeadersError);
  });

  it("says what to configure when the deployment has no secret", () => {
    expect(() => sealHeaders(headers, "tenant-1", "")).toThrow(AppError);
    expect(() => sealHeaders(headers, "tenant-1", "")).toThrow(/FLIGHTDECK_SECRETS_KEY/);
  });
});
