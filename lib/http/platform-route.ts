import type { z } from "zod";
import { getDb } from "@/db/client";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { isPlatformToken, PLATFORM_TOKEN_OPERATOR, type PlatformOperator } from "@/lib/auth/operator";
import { consumeApiRequest, TooManyAttemptsError } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/sha256";
import {
  bearerToken,
  type RouteContract,
  type RouteResponses,
  readJson,
  refuseUnstorable,
  refuseUnstorableQuery,
  toAppError,
} from "./api-route";
import { errorResponse } from "./errors";

type RouteContext<P> = { params: Promise<P> };

/**
 * A /api/v1/platform route handler: only the deployment's token (FLIGHTDECK_PLATFORM_TOKEN) passes.
 * A tenant's API key is forbidden (403), anything else unauthenticated (401).
 */
export function platformRoute<P = Record<string, never>, S extends z.ZodType | undefined = undefined>(
  options: { body?: S; responses?: RouteResponses },
  handler: (input: {
    operator: PlatformOperator;
    body: S extends z.ZodType ? z.output<S> : undefined;
    params: P;
    request: Request;
  }) => Promise<Response | unknown>,
) {
  const route = async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const token = bearerToken(request);
      await consumeApiRequest(
        getDb(),
        isPlatformToken(token) ? "platform-token" : `token:${sha256Hex(token).slice(0, 32)}`,
      );
      if (!isPlatformToken(token)) {
        if (await authenticateApiKey(getDb(), token))
          throw new AppError("forbidden", "Only a deployment operator may do this (tenants:manage).");
        throw new AppError("unauthenticated", "The token is unknown: send FLIGHTDECK_PLATFORM_TOKEN.");
      }
      refuseUnstorableQuery(request);
      const body = options.body ? options.body.parse(refuseUnstorable(await readJson(request))) : undefined;
      const result = await handler({
        operator: PLATFORM_TOKEN_OPERATOR,
        body: body as S extends z.ZodType ? z.output<S> : undefined,
        params: await context.params,
        request,
      });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        const response = errorResponse(
          new AppError("too_many_requests", `Too many requests: ${error.message}`),
        );
        response.headers.set("retry-after", String(error.retryAfterSeconds));
        return response;
      }
      return errorResponse(toAppError(error));
    }
  };
  return Object.assign(route, {
    contract: { auth: "platform", body: options.body, responses: options.responses } as RouteContract,
  });
}
