import { fetch as undiciFetch } from "undici";
import { z } from "zod";
import { PrivateAddressError, resolvesPrivate } from "@/lib/net/public-address";
import { publicFetch } from "@/lib/net/public-fetch";
import { sha256Hex } from "@/lib/sha256";
import { type PolicyTarget, str } from "@/lib/tools/policy-target";
import { type ToolDefinition, ToolInputError } from "@/lib/tools/types";
import { readCapped } from "./read-capped";

export const TENANT_HEADER = "x-flightdeck-tenant";
const HTTP_TIMEOUT_MS = 8_000;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_BODY_CHARS_SHOWN = 4_000;

const input = z
  .object({
    method: z.enum(["GET", "POST", "PUT", "DELETE"]).describe("The HTTP method."),
    url: z
      .string()
      .trim()
      .min(1)
      .max(2_048)
      .describe('An absolute http(s) URL, or a path of this app such as "/api/demo/health".'),
    body: z
      .string()
      .max(MAX_BODY_BYTES)
      .optional()
      .describe("Optional request body for POST, PUT or DELETE (JSON or plain text)."),
  })
  .strict();

export type HttpOutput = { status: number; body: string; body_sha256: string };

export function resolveUrl(raw: string, appBaseUrl: string): URL {
  let url: URL;
  try {
    url = raw.startsWith("/") && !raw.startsWith("//") ? new URL(raw, appBaseUrl) : new URL(raw);
  } catch {
    throw new ToolInputError(
      `"${raw}" is not a valid URL: use an absolute http(s) URL or a path starting with "/".`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ToolInputError(`Only http and https URLs are allowed, not ${url.protocol}`);
  }
  if (url.username || url.password)
    throw new ToolInputError("URLs with a user name or password are not allowed.");
  return url;
}

const contentType = (body: string) => {
  try {
    JSON.parse(body);
    return "application/json";
  } catch {
    return "text/plain; charset=utf-8";
  }
};

/** Where a request goes, by the addresses its name resolves to (the tool checks again as it connects). */
const hostTarget: PolicyTarget = {
  resourceType: "Host",
  resourceId: (a) => str(a.url),
  facts: { host: "String", own_host: "Boolean", private_address: "Boolean", method: "String" },
  compute: async (args, input) => {
    let url: URL;
    try {
      url = resolveUrl(str(args.url), input.appBaseUrl);
    } catch {
      return { host: "", own_host: false, private_address: false, method: str(args.method) };
    }
    return {
      host: url.hostname.toLowerCase(),
      own_host: url.host === new URL(input.appBaseUrl).host,
      private_address: await resolvesPrivate(url.hostname),
      method: str(args.method),
    };
  },
};

export const httpRequest: ToolDefinition<typeof input, HttpOutput> = {
  name: "http_request",
  policy: hostTarget,
  version: 1,
  description: `Makes an HTTP request and returns the status and the first ${MAX_BODY_CHARS_SHOWN} characters of the response body. Paths starting with "/" are requests to this app (e.g. GET /api/demo/health). Redirects are not followed.`,
  input,
  risk: (args) => (args.method === "GET" ? "read" : "write"),
  timeoutMs: HTTP_TIMEOUT_MS + 2_000,
  idempotent: false,
  async execute(args, ctx) {
    const url = resolveUrl(args.url, ctx.appBaseUrl);
    if (args.method === "GET" && args.body !== undefined)
      throw new ToolInputError("A GET request cannot have a body.");
    const headers: Record<string, string> = { "user-agent": "Flightdeck demo agent" };
    const ownApp = url.origin === new URL(ctx.appBaseUrl).origin;
    if (ownApp) headers[TENANT_HEADER] = ctx.tenantId;
    if (args.body !== undefined) headers["content-type"] = contentType(args.body);
    ctx.signal.throwIfAborted();

    const timeout = AbortSignal.timeout(HTTP_TIMEOUT_MS);
    const signal = AbortSignal.any([ctx.signal, timeout]);
    let status: number;
    let bytes: Uint8Array;
    try {
      // Redirects are not followed: the policy approved this destination, not wherever it points.
      // Only the app itself may be on a private address; anything else must be public.
      const init = { method: args.method, headers, body: args.body, redirect: "manual", signal } as const;
      const response = ownApp ? await undiciFetch(url, init) : await publicFetch(url, init);
      status = response.status;
      ({ bytes } = await readCapped(response as unknown as Response, MAX_BODY_BYTES));
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (error instanceof PrivateAddressError) throw new ToolInputError(error.message);
      // An unreachable or silent host is a finding the model reports (a health check that cannot
      // connect is itself the answer), not a crash of the run.
      if (timeout.aborted) {
        throw new ToolInputError(
          `${args.method} ${url.href} did not answer within ${HTTP_TIMEOUT_MS / 1000} s.`,
        );
      }
      const cause =
        error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      if (error instanceof Error && error.cause instanceof PrivateAddressError)
        throw new ToolInputError(error.cause.message);
      throw new ToolInputError(`${args.method} ${url.href} failed: ${cause}`);
    }
    const bodySha256 = sha256Hex(bytes);
    const text = new TextDecoder().decode(bytes);
    return {
      output: { status, body: text.slice(0, MAX_BODY_CHARS_SHOWN), body_sha256: bodySha256 },
      receipt: { method: args.method, url: url.href, status, body_sha256: bodySha256 },
    };
  },
};
