/** The engine's own tool by which a model ends its run with a typed completion (see completion.ts). */
export const COMPLETION_TOOL = "finish_run";
