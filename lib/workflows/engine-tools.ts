/** The engine's tools an agent or approval node calls (lib/tools/delegate.ts, lib/tools/ask-person.ts). */
export const DELEGATE_TOOL = "delegate";
export const ASK_PERSON_TOOL = "ask_person";
export { OUTPUT_TOOL } from "@/lib/models/output-tool-name";
