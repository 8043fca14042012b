"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { UndoRate } from "@/lib/metrics/undo-rate";
import { formatPercent } from "./links";
import { seriesColour } from "./palette";

/** Write actions and undone ones per day (bars), with the day's undo rate (line, right axis). */
export function UndoDayChart({ rows }: { rows: UndoRate["byDay"] }) {
  const data = rows.map((r) => ({
    day: r.day.slice(5),
    date: r.day,
    Writes: r.executed,
    Undone: r.undone,
    "Undo rate": r.rate,
  }));
  return (
    <div className="chart-frame" role="img" aria-label="Write actions, undone actions and undo rate per day">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis yAxisId="count" tick={{ fontSize: 12 }} allowDecimals={false} width={40} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 1]}
            tick={{ fontSize: 12 }}
            tickFormatter={(v) => formatPercent(Number(v))}
            width={48}
          />
          <Tooltip
            formatter={(value, name) =>
              name === "Undo rate" ? formatPercent(value as number | null) : value
            }
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.date ?? "")}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="count"
            dataKey="Writes"
            fill={seriesColour(0)}
            isAnimationActive={false}
            maxBarSize={24}
          />
          <Bar
            yAxisId="count"
            dataKey="Undone"
            fill={seriesColour(5)}
            isAnimationActive={false}
            maxBarSize={24}
          />
          <Line
            yAxisId="rate"
            dataKey="Undo rate"
            stroke={seriesColour(3)}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
