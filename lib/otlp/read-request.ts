import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/read-body";
import { checkJsonCounts } from "./decode-limits";
import { OtlpInputError } from "./read-spans";
import { decodeProtobufRequest } from "./trace-proto";

const unzip = promisify(gunzip);

/** What one export request may weigh, as sent (gzip or not) and once unpacked. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;

export type Encoding = "protobuf" | "json";

/** The encoding the client sent (and expects back), from its Content-Type. */
export function encodingOf(request: Request): Encoding {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("application/x-protobuf")) return "protobuf";
  if (type.includes("application/json")) return "json";
  throw new AppError(
    "unsupported_media_type",
    "Send OTLP/HTTP as application/x-protobuf or application/json.",
  );
}

/**
 * The export request's body, unpacked and decoded to one shape for both encodings (see
 * readSpans). Too large, unpacked or once decoded (see decode-limits.ts) → 413; not gzip, protobuf
 * or JSON as declared → 400.
 */
export async function readExportRequest(request: Request, encoding: Encoding): Promise<unknown> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) throw tooLarge();
  let body = await readBodyLimited(request, MAX_BODY_BYTES, tooLarge);
  const packing = (request.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (packing === "gzip") {
    body = await unzip(body, { maxOutputLength: MAX_UNPACKED_BYTES }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
        throw new OtlpInputError("The body is not valid gzip.");
      },
    );
  } else if (packing !== "identity") {
    throw new AppError(
      "unsupported_media_type",
      `Content-Encoding ${packing} is not supported: send gzip or none.`,
    );
  }
  if (encoding === "json") {
    checkJsonCounts(body);
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      throw new OtlpInputError("The body is not valid JSON.");
    }
  }
  try {
    return decodeProtobufRequest(body);
  } catch (error) {
    if (error instanceof AppError || error instanceof OtlpInputError) throw error;
    throw new OtlpInputError("The body is not a valid OTLP protobuf ExportTraceServiceRequest.");
  }
}

const tooLarge = () =>
  new AppError(
    "payload_too_large",
    `An export request is at most ${MAX_BODY_BYTES / 2 ** 20} MB as sent and ${MAX_UNPACKED_BYTES / 2 ** 20} MB unpacked: send smaller batches.`,
  );
