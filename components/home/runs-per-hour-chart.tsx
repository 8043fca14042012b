"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from "recharts";
import { SERIES_COLOURS } from "@/components/dashboards/palette";
import type { HourCount } from "@/lib/metrics/home-runs";

/** A small bar per UTC hour of the last 24 hours; animation off so a live refresh does not replay it. */
export function RunsPerHourChart({ hours: data }: { hours: HourCount[] }) {
  return (
    <div className="chart-frame" role="img" aria-label="Runs per hour, last 24 hours (UTC)">
      <ResponsiveContainer width="100%" height={120}>
        <BarChart data={data} margin={{ top: 4, right: 16, bottom: 0, left: 16 }}>
          <XAxis dataKey="hour" interval={5} tick={{ fontSize: 11 }} tickLine={false} />
          <Tooltip formatter={(value) => [`${value} runs`, "Runs"]} />
          <Bar
            dataKey="runs"
            name="Runs"
            fill={SERIES_COLOURS[0]}
            isAnimationActive={false}
            minPointSize={0}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
