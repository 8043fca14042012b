import { z } from "zod";
import { env } from "@/lib/env";
import { isPrivateHost } from "./public-address";

/** A URL this server may post a tenant's events to: http(s), and public unless the deployment allows private ones. */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: "The webhook must be an http(s) URL." })
  .max(2000, "Keep the webhook URL under 2,000 characters.")
  // Zod runs every check: a text that is no URL at all is already refused above.
  .refine(
    (url) =>
      !URL.canParse(url) || env().FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE || !isPrivateHost(new URL(url).hostname),
    {
      error:
        "The webhook must be on a public address: this server does not call itself or local networks (FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE=1 allows it).",
    },
  );
