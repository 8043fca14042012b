// Okabe–Ito: distinguishable with the common colour-vision deficiencies; yellow swapped for grey,
// which is too faint on white.
export const SERIES_COLOURS = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#6B6B6B",
  "#000000",
];

export const seriesColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length] ?? "#000000";

export const STATUS_COLOURS: Record<string, string> = {
  succeeded: "#009E73",
  failed: "#D55E00",
  killed: "#000000",
  stopped: "#E69F00",
  running: "#0072B2",
  queued: "#6B6B6B",
  waiting_approval: "#CC79A7",
  waiting_input: "#56B4E9",
  waiting_child: "#56B4E9",
};
