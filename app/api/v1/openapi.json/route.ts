import { openApiDocument } from "@/lib/http/openapi";
import packageJson from "@/package.json";
import { API_ROUTES } from "./routes";

let document: object | undefined;

/** The API's OpenAPI 3.1 document, made from the routes' own contracts (no key needed: it holds no data). */
export function GET(): Response {
  document ??= openApiDocument(API_ROUTES, packageJson.version);
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
}
