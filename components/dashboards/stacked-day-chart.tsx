"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd, type RunsLink, runsHref } from "./links";
import { seriesColour } from "./palette";

export type DayRow = { day: string; values: Record<string, number> };

/**
 * Stacked bars per day. With `linkBy`, a bar segment opens the runs of that key on that day;
 * `base` carries the page's other filters into the link.
 */
export function StackedDayChart({
  rows,
  keys,
  unit,
  linkBy,
  base,
  label,
}: {
  rows: DayRow[];
  keys: string[];
  unit: "usd" | "tokens" | "runs";
  linkBy?: "agent" | "model" | "stop_reason";
  base?: Omit<RunsLink, "from" | "to">;
  label: string;
}) {
  const router = useRouter();
  const format = (v: number) => (unit === "usd" ? formatUsd(v) : v.toLocaleString("en-US"));
  const data = rows.map((r) => ({ day: r.day.slice(5), date: r.day, ...r.values }));
  return (
    <div className="chart-frame" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis tick={{ fontSize: 12 }} tickFormatter={format} width={unit === "usd" ? 64 : 72} />
          <Tooltip
            formatter={(value) => format(Number(value))}
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.date ?? "")}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {keys.map((key, i) => (
            <Bar
              key={key}
              dataKey={key}
              name={key}
              stackId="day"
              fill={seriesColour(i)}
              isAnimationActive={false}
              maxBarSize={48}
              cursor={linkBy ? "pointer" : undefined}
              onClick={(item) => {
                const date = (item as { payload?: { date?: string } }).payload?.date;
                if (linkBy && date) router.push(runsHref({ ...base, [linkBy]: key, from: date, to: date }));
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
