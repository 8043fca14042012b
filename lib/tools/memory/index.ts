import type { AnyTool } from "../types";
import { recall } from "./recall";
import { remember } from "./remember";
import { searchMemory } from "./search-memory";

/** The agent's own memory (lib/memory): granted to an agent like any tool, under the same envelope. */
export const memoryTools: AnyTool[] = [remember, recall, searchMemory];
