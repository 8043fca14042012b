"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type RunsLink, runsHref } from "./links";
import { STATUS_COLOURS, seriesColour } from "./palette";

/** Horizontal bars of run counts; with `link`, a bar opens the runs list filtered to it (`by`). */
export function CountBars({
  rows,
  label,
  link,
  by = "status",
}: {
  rows: { key: string; runs: number }[];
  label: string;
  link?: RunsLink;
  by?: "status" | "stop_reason";
}) {
  const router = useRouter();
  const data = rows.map((r) => ({ name: r.key.replaceAll("_", " "), key: r.key, runs: r.runs }));
  return (
    <div className="chart-frame" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 34 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => [`${value} runs`, "Runs"]} />
          <Bar
            dataKey="runs"
            name="Runs"
            isAnimationActive={false}
            maxBarSize={28}
            cursor={link ? "pointer" : undefined}
            onClick={(item) => {
              const key = (item as { payload?: { key?: string } }).payload?.key;
              if (link && key) router.push(runsHref({ ...link, [by]: key }));
            }}
          >
            {data.map((d, i) => (
              <Cell key={d.key} fill={STATUS_COLOURS[d.key] ?? seriesColour(i)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
