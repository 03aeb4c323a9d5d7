import type { EChartsCoreOption } from 'echarts/core';
import type { ChartColors } from '../home/charts';

/** A small line chart of one figure over the last minute: seconds before now on x, the figure on y, no legend. */
export function sparkline(c: ChartColors, name: string, unit: string, points: { secondsAgo: number; value: number | null }[], windowSeconds: number): EChartsCoreOption {
  const withUnit = (v: unknown) => (unit.startsWith('/') ? `${String(v)}${unit}` : `${String(v)} ${unit}`);
  return {
    color: [c.series[0]],
    textStyle: { color: c.text, fontFamily: 'Roboto, system-ui, sans-serif' },
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 4, right: 12, top: 12, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? withUnit(v) : '—') },
    xAxis: {
      type: 'value',
      min: -Math.max(60, Math.ceil(windowSeconds)),
      max: 0,
      interval: 20,
      axisLine: { lineStyle: { color: c.grid } },
      axisLabel: { color: c.muted, formatter: (v: number) => (v === 0 ? 'now' : `${v} s`) },
      axisPointer: { label: { formatter: ({ value }: { value: unknown }) => `${Number(value)} s` } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLine: { lineStyle: { color: c.grid } },
      axisLabel: { color: c.muted, formatter: withUnit },
      splitLine: { lineStyle: { color: c.grid } },
    },
    series: [{ name, type: 'line', showSymbol: false, connectNulls: false, areaStyle: { opacity: 0.15 }, data: points.map((p) => [p.secondsAgo, p.value]) }],
  };
}
