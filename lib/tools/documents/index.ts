import type { AnyTool } from "../types";
import { searchDocuments } from "./search-documents";

/** The tenant's knowledge documents (lib/documents), granted to an agent like any tool. */
export const documentTools: AnyTool[] = [searchDocuments];
