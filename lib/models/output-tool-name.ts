/** The engine's tool a workflow's model node answers through: its input schema is the node's output (lib/workflows). */
export const OUTPUT_TOOL = "record_output";
