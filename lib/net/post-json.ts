import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isPrivateHost, PrivateAddressError, publicOnlyLookup } from "./public-address";

/**
 * POSTs a JSON body and resolves to the response's status (redirects are not followed; the body is
 * not read: the connection is closed as soon as the status arrives, all within `timeoutMs`). Unless
 * `allowPrivate`, the receiver must be on a public address: a tenant's URL must not make the
 * server call itself, its database's network or the cloud's metadata service.
 */
export function postJson(
  url: string,
  body: string,
  options: { headers?: Record<string, string>; timeoutMs: number; allowPrivate: boolean },
): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!options.allowPrivate && isPrivateHost(host)) return Promise.reject(new PrivateAddressError(host));
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...options.headers,
        },
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        clearTimeout(deadline);
        resolve(res.statusCode ?? 0);
        // Only the status is used: the connection closes now, so a receiver that answers and then
        // streams a body (forever) holds no socket past the moment its status is known.
        req.destroy();
      },
    );
    // The whole request, not just each silence: a receiver that trickles bytes cannot hold it.
    const deadline = setTimeout(
      () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    req.end(body);
  });
}
