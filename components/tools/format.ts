export const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;
