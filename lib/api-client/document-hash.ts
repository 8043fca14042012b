import { hashCanonical } from "@/lib/canonical-json";

/**
 * Names an OpenAPI document by its content as served (JSON, so without undefined members), so a
 * test can tell the client was made from another.
 */
export const documentHash = (document: object): string => hashCanonical(JSON.parse(JSON.stringify(document)));
