import { readFileSync } from "node:fs";

type CpuTimes = { steal: number; total: number };

/** The machine's CPU time counters (Linux /proc/stat, all cores); null elsewhere. */
function cpuTimes(): CpuTimes | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    if (!fields || fields.length < 8) return null;
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/**
 * Starts a measurement of steal time: the share of this virtual machine's CPU time its hypervisor
 * gave to others. On these shared machines it is what makes the same code run at half speed in
 * some hours; the returned function gives the percentage since the start (null where unknown).
 */
export function stealMeter(): () => number | null {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end || end.total === start.total) return null;
    return (100 * (end.steal - start.steal)) / (end.total - start.total);
  };
}
