import type { LanguageModelV4 } from "@ai-sdk/provider";
import { APICallError } from "ai";

/** The model, with its first `calls` calls answered HTTP 429 as a provider under load would: a fault drill. */
export function rateLimitedModel(model: LanguageModelV4, calls: number): LanguageModelV4 {
  let left = calls;
  const limited = () =>
    new APICallError({
      message: "Rate limit reached (eval fault drill)",
      url: "eval://rate-limited",
      requestBodyValues: {},
      statusCode: 429,
      responseHeaders: { "retry-after-ms": "1" },
      isRetryable: true,
    });
  return new Proxy(model, {
    get(target, key, receiver) {
      if (key === "doGenerate" || key === "doStream")
        return (...args: unknown[]) => {
          if (left > 0) {
            left--;
            return Promise.reject(limited());
          }
          return (target[key] as (...a: unknown[]) => unknown).apply(target, args);
        };
      return Reflect.get(target, key, receiver);
    },
  });
}
