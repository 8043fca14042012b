export { createSimulatorModel, isSimulatorModel, parseSimulatorModelId } from "./simulator-model";
export { SIMULATOR_MODES, type SimulatorMode } from "./types";
