import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { fetch as undiciFetch } from "undici";
import { publicFetch } from "@/lib/net/public-fetch";

/** The server sent a response body larger than Flightdeck reads. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The response exceeded ${limitBytes} bytes.`);
    this.name = "ResponseTooLargeError";
  }
}

// Statuses whose responses cannot be rebuilt with a body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The fetch the MCP transport uses: public addresses only unless allowed otherwise, redirects never
 * followed by fetch itself (the SDK follows same-origin ones back through this function, so every
 * hop is checked), and every response body cut off past `maxResponseBytes` so a server cannot fill
 * memory. `onOversize` is told when that happens: the SDK would only log the broken stream.
 */
export function mcpFetch(options: {
  allowPrivateAddresses: boolean;
  maxResponseBytes: number;
  onOversize: () => void;
}): FetchLike {
  return async (input, init) => {
    const url = new URL(input);
    const request = { ...init, redirect: "manual" } as Parameters<typeof undiciFetch>[1] & object;
    const response = (options.allowPrivateAddresses
      ? await undiciFetch(url, request)
      : await publicFetch(url, request)) as unknown as Response;
    return capBody(response, options.maxResponseBytes, options.onOversize);
  };
}

function capBody(response: Response, limit: number, onOversize: () => void): Response {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) {
        onOversize();
        controller.error(new ResponseTooLargeError(limit));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
