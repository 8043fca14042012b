/** A time as the tools pages show it, the same on the server and in the browser. */
export const formatTime = (date: Date | string | null) =>
  date ? `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC` : "never";

export const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;
