import { ZodError, z } from "zod";
import { getDb } from "@/db/client";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { type Actor, assertScope } from "@/lib/auth/actor";
import type { Scope } from "@/lib/auth/scopes";
import { consumeApiRequest, TooManyAttemptsError } from "@/lib/auth/throttle";
import { AppError, isAppError } from "@/lib/errors";
import { databaseInputError, errorResponse, zodToAppError } from "./errors";
import { requestFingerprint, SECRET_WITHHELD, type ShownOnce, withIdempotencyKey } from "./idempotency";
import { acceptCamelCase, apiFieldName, deprecationHeaders } from "./naming";
import { readBodyLimited } from "./read-body";
import { hasUnstorableText, unstorableTextAt } from "./unstorable-text";

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

type RouteContext<P> = { params: Promise<P> };

/** What a handler reads of the query string: the `query` schema's output, or nothing. */
type QueryOf<Q> = Q extends z.ZodObject ? z.output<Q> : Record<string, never>;

type Handler<P, B, Q> = (input: {
  actor: Actor;
  body: B;
  params: P;
  /** The query string parsed by the route's `query` schema ({} without one). */
  query: Q;
  request: Request;
  /** The request's Idempotency-Key, for a use case that stores it with its effect (see `recover`). */
  idempotencyKey: string | null;
  /** With `ownIdempotency`: the key and the hash that tells a retry from a different request. */
  keyed: { key: string; hash: string } | null;
}) => Promise<Response | unknown>;

/** What a request with this key committed before its process died (see withIdempotencyKey). */
type Recover<P> = (input: { actor: Actor; params: P; idempotencyKey: string }) => Promise<Response | null>;

/**
 * A /api/v1 route handler: authenticates the bearer API key, checks the scope, parses the JSON body
 * with zod and maps every failure to `{ error: { code, message } }` with the right status.
 */
export function apiRoute<
  P = Record<string, never>,
  S extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
>(
  options: {
    scope: Scope;
    body?: S;
    /** The query parameters it reads: parsed before the handler runs (400 if invalid), and documented. */
    query?: Q;
    /** What a success answers, by status: the OpenAPI document describes it, the contract test checks it. */
    responses?: RouteResponses;
    maxBodyBytes?: number;
    recover?: Recover<P>;
    /**
     * The use case answers retries itself, in its own transaction (from the row its first request
     * wrote), instead of through the idempotency_keys table: no writes of its own on a hot path.
     */
    ownIdempotency?: boolean;
    /**
     * The fields of its answer that hold a secret shown once (a new key, a signing secret): never
     * stored for retries, which get the answer without them (see withIdempotencyKey).
     */
    shownOnce?: ShownOnce;
  },
  handler: Handler<P, S extends z.ZodType ? z.output<S> : undefined, QueryOf<Q>>,
) {
  const route = async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const sent = { camelCase: false };
    const response = await answer(request, context, sent);
    if (!sent.camelCase) return response;
    for (const [name, value] of Object.entries(deprecationHeaders())) response.headers.set(name, value);
    return response;
  };
  const answer = async (
    request: Request,
    context: RouteContext<P>,
    sent: { camelCase: boolean },
  ): Promise<Response> => {
    try {
      const actor = await authenticate(request);
      await consumeApiRequest(getDb(), actor.id);
      assertScope(actor, options.scope);
      refuseUnstorableQuery(request);
      const body = options.body
        ? options.body.parse(readBody(await readJson(request, options.maxBodyBytes), options.body, sent))
        : undefined;
      const query = parseQuery(request, options.query);
      const params = await context.params;
      const key = request.method === "POST" ? request.headers.get("idempotency-key") : null;
      const { pathname } = new URL(request.url);
      const keyed = {
        tenantId: actor.tenantId,
        key: key ?? "",
        method: request.method,
        path: pathname,
        body,
      };
      const handle = async () => {
        const typedBody = body as S extends z.ZodType ? z.output<S> : undefined;
        const own = options.ownIdempotency && key !== null ? { key, hash: requestFingerprint(keyed) } : null;
        const result = await handler({
          actor,
          body: typedBody,
          params,
          query: query as QueryOf<Q>,
          request,
          idempotencyKey: key,
          keyed: own,
        });
        return result instanceof Response ? result : Response.json(result);
      };
      if (key === null || options.ownIdempotency) return await handle();
      const { recover, shownOnce } = options;
      const recoverKeyed = recover && (() => recover({ actor, params, idempotencyKey: key }));
      return await withIdempotencyKey(getDb(), { ...keyed, key }, handle, {
        recover: recoverKeyed,
        shownOnce,
      });
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        const response = errorResponse(
          new AppError("too_many_requests", `This API key made too many requests: ${error.message}`),
        );
        response.headers.set("retry-after", String(error.retryAfterSeconds));
        return response;
      }
      return errorResponse(apiNamedError(toAppError(error), options.body));
    }
  };
  // What the API's OpenAPI document says of this route is read from the route itself.
  return Object.assign(route, {
    contract: {
      auth: "api_key",
      scope: options.scope,
      body: options.body,
      query: options.query,
      responses: withReplay(options.responses, options.shownOnce),
    } as RouteContract,
  });
}

/**
 * A route whose answer holds a secret also answers a retry (200, `Idempotent-Replayed: true`): its
 * first answer without the secret, and `secret_withheld` saying why.
 */
function withReplay(
  responses: RouteResponses | undefined,
  shownOnce: ShownOnce | undefined,
): RouteResponses | undefined {
  const first = responses?.[201] ?? responses?.[200];
  if (!responses || !shownOnce || !(first instanceof z.ZodObject)) return responses;
  const secrets = Object.fromEntries(shownOnce.fields.map((field) => [field, true]));
  const replayed = first.omit(secrets as Record<string, never>).extend({
    [SECRET_WITHHELD]: z
      .string()
      .describe("In a retry's answer only: the one-time secret this answer leaves out, and why."),
  });
  const ok = responses[200];
  return { ...responses, 200: ok instanceof z.ZodType ? z.union([ok, replayed]) : replayed };
}

/** The JSON body, with the camelCase names of the previous release read as their snake_case ones. */
function readBody(json: unknown, schema: z.ZodType, sent: { camelCase: boolean }): unknown {
  const { body, camelCase } = acceptCamelCase(refuseUnstorable(json), schema);
  sent.camelCase = camelCase.length > 0;
  return body;
}

/** A use case names its fields in camelCase; the API's errors name them as the body does. */
function apiNamedError(error: AppError, schema: z.ZodType | undefined): AppError {
  if (!error.field) return error;
  const field = apiFieldName(schema, error.field);
  if (field === error.field) return error;
  const message = error.message.startsWith(`${error.field}:`)
    ? `${field}${error.message.slice(error.field.length)}`
    : error.message;
  return new AppError(error.code, message, { field, details: error.details, cause: error });
}

/**
 * A success's body by status: its zod schema (JSON), a media type when it is not JSON (a stream, a
 * file), or null for no body.
 */
export type RouteResponses = Partial<Record<200 | 201 | 202 | 204, z.ZodType | string | null>>;

/** A route's own description of its contract: who may call it, the body it takes and what it answers. */
export type RouteContract = {
  auth: "api_key" | "platform" | "none";
  scope?: Scope;
  body?: z.ZodType;
  query?: z.ZodObject;
  responses?: RouteResponses;
};

/** The query string as the route's schema reads it: each parameter once, as text. */
function parseQuery(request: Request, schema: z.ZodObject | undefined): unknown {
  if (!schema) return {};
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

async function authenticate(request: Request): Promise<Actor> {
  const actor = await authenticateApiKey(getDb(), bearerToken(request));
  if (!actor) throw new AppError("unauthenticated", "The API key is unknown or revoked.");
  return actor;
}

/** The bearer token of the request, or unauthenticated. */
export function bearerToken(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new AppError("unauthenticated", "Send an API key as `Authorization: Bearer <key>`.");
  }
  return match[1];
}

export async function readJson(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new AppError("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = (await readBodyLimited(request, maxBytes, () => tooLarge(maxBytes))).toString("utf8");
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("invalid_input", "The body is not valid JSON.");
  }
}

const tooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", `The body is larger than ${Math.round(maxBytes / 1024)} KB.`);

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) return zodToAppError(error);
  const refused = databaseInputError(error);
  if (refused) return refused;
  console.error("Unhandled error in an API route", error);
  return new AppError("internal", "Something went wrong on our side. The error was logged.");
}

const UNSTORABLE_MESSAGE =
  "contains a NUL character or broken Unicode (a lone surrogate), which cannot be stored.";

export function refuseUnstorable(body: unknown): unknown {
  const at = unstorableTextAt(body);
  if (at) throw new AppError("invalid_input", `${at} ${UNSTORABLE_MESSAGE}`, { field: at });
  return body;
}

export function refuseUnstorableQuery(request: Request): void {
  for (const [name, value] of new URL(request.url).searchParams)
    if (hasUnstorableText(name) || hasUnstorableText(value))
      throw new AppError(
        "invalid_input",
        `The query parameter ${JSON.stringify(name)} ${UNSTORABLE_MESSAGE}`,
        {
          field: name,
        },
      );
}
