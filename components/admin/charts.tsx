"use client";
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Each chart has its numbers printed on the bars and a data table beside it (the pages render one),
// and its two series differ by pattern as well as colour, so none depends on colour alone.
const HATCH = "report-hatch";

function Hatch() {
  return (
    <defs>
      <pattern id={HATCH} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#2f6f4f" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="2" />
      </pattern>
    </defs>
  );
}

export function FunnelChart({ data }: { data: { label: string; started: number; completed: number }[] }) {
  return (
    <figure className="report-chart" aria-label="Completion funnel chart: learners who started and completed each item">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} accessibilityLayer margin={{ top: 20, right: 10, left: 0, bottom: 0 }}>
          <Hatch />
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="started" name="Started" fill="#1f4e79" isAnimationActive={false}>
            <LabelList dataKey="started" position="top" />
          </Bar>
          <Bar dataKey="completed" name="Completed" fill={`url(#${HATCH})`} stroke="#2f6f4f" isAnimationActive={false}>
            <LabelList dataKey="completed" position="top" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">Started and completed, per item in track order (the table below has the same numbers).</figcaption>
    </figure>
  );
}

export function WeeklyChart({ data }: { data: { week: string; completions: number }[] }) {
  return (
    <figure className="report-chart" aria-label="Completions per week chart">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} accessibilityLayer margin={{ top: 20, right: 10, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="completions" name="Completions" fill="#1f4e79" isAnimationActive={false}>
            <LabelList dataKey="completions" position="top" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">Items completed per week (weeks start on Monday, UTC).</figcaption>
    </figure>
  );
}
