import type { EChartsCoreOption } from 'echarts/core';

/** The Material theme's colours as ECharts needs them (it draws on a canvas, so CSS variables must be resolved). */
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  series: string[];
}

export function themeColors(element: Element): ChartColors {
  const css = getComputedStyle(element);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--mat-sys-on-surface', '#1b1c1c'),
    muted: v('--mat-sys-on-surface-variant', '#444'),
    grid: v('--mat-sys-outline-variant', '#ccc'),
    series: [
      v('--mat-sys-primary', '#006a6a'),
      v('--mat-sys-tertiary', '#3a5ba9'),
      v('--mat-sys-secondary', '#4a6363'),
      v('--mat-sys-error', '#ba1a1a'),
      v('--mat-sys-outline', '#747878'),
      v('--mat-sys-inverse-primary', '#4cdada'),
    ],
  };
}

const base = (c: ChartColors): EChartsCoreOption => ({
  color: c.series,
  textStyle: { color: c.text, fontFamily: 'Roboto, system-ui, sans-serif' },
  tooltip: { trigger: 'axis' },
  grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
  backgroundColor: 'transparent',
});

const axisStyle = (c: ChartColors) => ({
  axisLine: { lineStyle: { color: c.grid } },
  axisLabel: { color: c.muted },
  splitLine: { lineStyle: { color: c.grid } },
});

/** Appointments per day, one stacked bar a day, a colour per status. */
export function perDayChart(
  c: ChartColors,
  days: string[],
  series: { name: string; values: number[] }[],
): EChartsCoreOption {
  return {
    ...base(c),
    legend: { top: 0, textStyle: { color: c.text } },
    xAxis: { type: 'category', data: days, ...axisStyle(c) },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(c) },
    series: series.map((s) => ({ name: s.name, type: 'bar', stack: 'status', data: s.values })),
  };
}

/** One horizontal bar per label, largest on top. */
export function rankingChart(c: ChartColors, name: string, rows: { label: string; value: number }[]): EChartsCoreOption {
  const ordered = [...rows].reverse();
  return {
    ...base(c),
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(c) },
    yAxis: { type: 'category', data: ordered.map((r) => r.label), ...axisStyle(c) },
    series: [{ name, type: 'bar', data: ordered.map((r) => r.value), label: { show: true, position: 'right', color: c.text } }],
  };
}
