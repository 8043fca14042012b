/** A share of passing cases, as the Evals pages show it. */
export const passRate = (passed: number, failed: number) =>
  passed + failed === 0 ? "—" : `${Math.round((passed / (passed + failed)) * 100)} %`;

export const usd = (value: number | null) => (value === null ? "unpriced" : `$${value.toFixed(4)}`);

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
