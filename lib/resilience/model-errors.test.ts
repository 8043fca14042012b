import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { classifyModelError, ModelTimeoutError, retryAfterMs } from "./model-errors";

const apiError = (statusCode: number | undefined, body = "", headers: Record<string, string> = {}) =>
  new APICallError({
    message: "failed",
    url: "http://x",
    requestBodyValues: {},
    statusCode,
    responseBody: body,
    responseHeaders: headers,
    isRetryable: statusCode === undefined,
  });

describe("model error classes", () => {
  it("sorts provider errors into retry classes", () => {
    expect(classifyModelError(apiError(429))).toBe("transient");
    expect(classifyModelError(apiError(529))).toBe("transient");
    expect(classifyModelError(apiError(undefined))).toBe("transient");
    expect(classifyModelError(new ModelTimeoutError(1000))).toBe("transient");
    expect(classifyModelError(apiError(429, '{"error":{"code":"insufficient_quota"}}'))).toBe("quota");
    expect(classifyModelError(apiError(401))).toBe("auth");
    expect(classifyModelError(apiError(403))).toBe("auth");
    expect(classifyModelError(apiError(400))).toBe("other");
    expect(classifyModelError(new Error("bug"))).toBe("other");
  });

  it("reads Retry-After in seconds, milliseconds or as a date", () => {
    expect(retryAfterMs(apiError(429, "", { "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(apiError(429, "", { "retry-after-ms": "150" }))).toBe(150);
    const later = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterMs(apiError(429, "", { "retry-after": later }))).toBeGreaterThan(50_000);
    expect(retryAfterMs(apiError(429))).toBeNull();
  });
});
