import { getDb } from "@/db/client";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { consumeApiRequest, TooManyAttemptsError } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { bearerToken, toAppError } from "@/lib/http/api-route";
import { errorResponse } from "@/lib/http/errors";
import { ingestSpans } from "@/lib/otlp/ingest";
import { encodingOf, readExportRequest } from "@/lib/otlp/read-request";
import { OtlpInputError, readSpans } from "@/lib/otlp/read-spans";

/**
 * OTLP/HTTP trace export (protobuf or JSON, gzip or not) from agents that run elsewhere, with an
 * ingest key: each trace becomes a run of its service (see lib/otlp/ingest.ts).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await authenticateApiKey(getDb(), bearerToken(request), "ingest");
    if (!actor) throw new AppError("unauthenticated", "The API key is unknown or revoked.");
    await consumeApiRequest(getDb(), actor.id);
    const encoding = encodingOf(request);
    const spans = readSpans(await readExportRequest(request, encoding));
    await ingestSpans(getDb(), actor, spans);
    // An ExportTraceServiceResponse with nothing rejected: empty in either encoding.
    return encoding === "json"
      ? Response.json({})
      : new Response(new Uint8Array(0), { headers: { "content-type": "application/x-protobuf" } });
  } catch (error) {
    if (error instanceof OtlpInputError) return errorResponse(new AppError("invalid_input", error.message));
    if (error instanceof TooManyAttemptsError) {
      const response = errorResponse(
        new AppError("too_many_requests", `Too many export requests: ${error.message}`),
      );
      response.headers.set("retry-after", String(error.retryAfterSeconds));
      return response;
    }
    return errorResponse(toAppError(error));
  }
}
