// Generates the typed TypeScript client of the v1 API (lib/api-client/generated) from the OpenAPI
// document the routes' own contracts make. Run `npm run api:client` after changing a route's
// contract: lib/http/api-contract.int.test.ts fails while the client was made from another document.
import { writeFile } from "node:fs/promises";
import { createClient } from "@hey-api/openapi-ts";
import { API_ROUTES } from "@/app/api/v1/openapi.json/routes";
import { documentHash } from "@/lib/api-client/document-hash";
import { openApiDocument } from "@/lib/http/openapi";
import packageJson from "@/package.json";

const document = openApiDocument(API_ROUTES, packageJson.version);
// Hashed first: the generator changes the object it is given.
const hash = documentHash(document);
await createClient({
  input: document as Record<string, unknown>,
  output: { path: "lib/api-client/generated" },
  plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
  logs: { level: "warn" },
});
await writeFile(
  "lib/api-client/generated/document-hash.ts",
  `// Written by scripts/api-client.ts: the hash of the OpenAPI document this client was generated from.\nexport const GENERATED_FROM = "${hash}";\n`,
);
console.log("Wrote lib/api-client/generated.");
