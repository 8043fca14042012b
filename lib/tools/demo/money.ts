/** Money is compared in whole cents: floating-point dollars drift (0.1 + 0.2 !== 0.3). */
export const toCents = (usd: number): number => Math.round(usd * 100);

export const fromCents = (cents: number): number => cents / 100;

export const formatUsd = (usd: number): string => `$${usd.toFixed(2)}`;
