/**
 * Plain SVG charts built with DOM calls (no library, no inline style: colours and fonts
 * come from classes in style.css, geometry from SVG attributes). Each chart is an
 * `<svg role="img">` with an `aria-label` summing it up and a `<title>`; its numbers are
 * also given as a table or text beside it (the caller's job), for keyboard and
 * screen-reader users.
 *
 * The charts draw in a fixed coordinate system (`viewBox`) and scale to the width of
 * their container (`.chart svg { width: 100% }`), so they never overflow the page.
 */

import { append, type Child } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

type SvgAttrs = Record<string, string | number | undefined | null | false>;

/** An SVG element (`s("rect", { x: 0, class: "bar" }, s("title", {}, "4 signups"))`). */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: SvgAttrs = {},
  ...children: (Child | Child[])[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "style") throw new Error("inline styles are refused by the CSP: use a class");
    element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** One value per day. */
export interface DayValue {
  day: string;
  value: number;
  /** Shown in the point's tooltip and table (e.g. "not filled yet"); marks the mark `missing`. */
  missing?: boolean;
}

interface DayChart {
  /** `data-chart` of the `<svg>` (tests and styles find it by that). */
  key: string;
  /** The accessible name's start ("Signups per day"). */
  title: string;
  /** The unit of one value ("signups"), for tooltips and the summary. */
  unit: string;
  points: DayValue[];
}

const WIDTH = 1100;
const HEIGHT = 230;
const MARGIN = { top: 14, right: 14, bottom: 30, left: 52 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

const count = (value: number): string => value.toLocaleString("en");

/** A "nice" axis: a round step (1, 2 or 5 times a power of ten, at least 1) and the top. */
export function axis(max: number, ticks = 4): { step: number; top: number } {
  if (max <= 0) return { step: 1, top: 1 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power);
  return { step, top: Math.ceil(max / step) * step };
}

/** "Signups per day, 2026-01-01 to 2026-01-30: 12 in all, at most 4 (on 2026-01-05)." */
function summary(chart: DayChart, total: boolean): string {
  const first = chart.points[0];
  const last = chart.points[chart.points.length - 1];
  if (first === undefined || last === undefined) return `${chart.title}: no days.`;
  let peak = first;
  for (const point of chart.points) if (point.value > peak.value) peak = point;
  const range = first.day === last.day ? first.day : `${first.day} to ${last.day}`;
  const sum = chart.points.reduce((acc, point) => acc + point.value, 0);
  const parts = [
    total ? `${count(sum)} ${chart.unit} in all` : null,
    peak.value > 0 ? `at most ${count(peak.value)} (on ${peak.day})` : `none`,
  ].filter((part) => part !== null);
  return `${chart.title}, ${range}: ${parts.join(", ")}.`;
}

/**
 * Which of `n` days get a label: every day up to 8, else at most 7 evenly spaced (the same
 * number of days apart), counted back from the last day, the newest.
 */
export function dayLabels(n: number): number[] {
  if (n <= 8) return Array.from({ length: n }, (_, index) => index);
  const step = Math.ceil((n - 1) / 6);
  const labels: number[] = [];
  for (let index = n - 1; index >= 0; index -= step) labels.unshift(index);
  return labels;
}

/** The first labelled day (its label carries the year). */
function labelsFrom(n: number): number {
  return dayLabels(n)[0] ?? 0;
}

/** The frame shared by the day charts: horizontal grid lines with values, day labels. */
function frame(points: DayValue[], top: number, step: number): SVGElement[] {
  const y = (value: number) => MARGIN.top + PLOT_H - (value / top) * PLOT_H;
  const marks: SVGElement[] = [];
  for (let value = 0; value <= top; value += step) {
    const at = y(value);
    marks.push(
      s("line", { class: value === 0 ? "axis" : "grid", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: at, y2: at }),
      s(
        "text",
        { class: "tick", x: MARGIN.left - 8, y: at, "text-anchor": "end", "dominant-baseline": "middle" },
        count(value),
      ),
    );
  }
  const n = points.length;
  const band = PLOT_W / Math.max(n, 1);
  for (const index of dayLabels(n)) {
    const point = points[index];
    if (point === undefined) continue;
    let x = MARGIN.left + band * (index + 0.5);
    let anchor = "middle";
    if (n > 8 && index === 0) [x, anchor] = [MARGIN.left, "start"];
    if (n > 8 && index === n - 1) [x, anchor] = [WIDTH - MARGIN.right, "end"];
    const text = index === labelsFrom(n) ? point.day : point.day.slice(5);
    marks.push(s("text", { class: "tick day", x: x.toFixed(2), y: HEIGHT - 8, "text-anchor": anchor, "data-day": point.day }, text));
  }
  return marks;
}

function chartSvg(chart: DayChart, label: string, ...children: SVGElement[]): SVGSVGElement {
  return s(
    "svg",
    {
      role: "img",
      "aria-label": label,
      "data-chart": chart.key,
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      preserveAspectRatio: "xMidYMid meet",
    },
    s("title", {}, label),
    ...children,
  );
}

/** One bar per day (a zero day gets a bar of height 0, so there is one bar per day). */
export function barChart(chart: DayChart): SVGSVGElement {
  const { step, top } = axis(Math.max(0, ...chart.points.map((point) => point.value)));
  const band = PLOT_W / Math.max(chart.points.length, 1);
  const width = Math.max(1, band * 0.72);
  const bars = chart.points.map((point, index) => {
    const height = (point.value / top) * PLOT_H;
    return s(
      "rect",
      {
        class: "bar",
        x: (MARGIN.left + band * index + (band - width) / 2).toFixed(2),
        y: (MARGIN.top + PLOT_H - height).toFixed(2),
        width: width.toFixed(2),
        height: height.toFixed(2),
        "data-day": point.day,
        "data-value": point.value,
      },
      s("title", {}, `${point.day}: ${count(point.value)} ${chart.unit}`),
    );
  });
  return chartSvg(chart, summary(chart, true), ...frame(chart.points, top, step), ...bars);
}

/** A line through one point per day; days marked `missing` get a hollow point. */
export function lineChart(chart: DayChart): SVGSVGElement {
  const { step, top } = axis(Math.max(0, ...chart.points.map((point) => point.value)));
  const band = PLOT_W / Math.max(chart.points.length, 1);
  const radius = Math.min(4, Math.max(1.5, band / 3));
  const at = chart.points.map((point, index) => ({
    x: (MARGIN.left + band * (index + 0.5)).toFixed(2),
    y: (MARGIN.top + PLOT_H - (point.value / top) * PLOT_H).toFixed(2),
  }));
  const line = s("polyline", { class: "line", points: at.map(({ x, y }) => `${x},${y}`).join(" ") });
  const points = chart.points.map((point, index) =>
    s(
      "circle",
      {
        class: point.missing ? "point missing" : "point",
        cx: at[index]?.x,
        cy: at[index]?.y,
        r: radius,
        "data-day": point.day,
        "data-value": point.value,
      },
      s("title", {}, `${point.day}: ${point.missing ? "not filled yet" : `${count(point.value)} ${chart.unit}`}`),
    ),
  );
  return chartSvg(chart, summary(chart, false), ...frame(chart.points, top, step), line, ...points);
}

export interface FunnelStage {
  /** The bar's class and `data-stage` (sent, accepted, revoked, expired). */
  key: string;
  label: string;
  value: number;
}

/** Horizontal bars on one scale, one per stage, each with its name and number. */
export function funnelChart(title: string, stages: FunnelStage[]): SVGSVGElement {
  const row = 34;
  const labelWidth = 110;
  const span = WIDTH - labelWidth - 90;
  const height = stages.length * row + 8;
  const max = Math.max(1, ...stages.map((stage) => stage.value));
  const label = `${title}: ${stages.map((stage) => `${stage.label.toLowerCase()} ${count(stage.value)}`).join(", ")}.`;
  const rows = stages.flatMap((stage, index) => {
    const y = 4 + index * row;
    const middle = { y: y + row / 2, "dominant-baseline": "middle" };
    const bar = { x: labelWidth, y: y + 5, height: row - 10 };
    return [
      s("text", { class: "funnel-label", x: labelWidth - 12, "text-anchor": "end", ...middle }, stage.label),
      s("rect", { class: "funnel-track", width: span, ...bar }),
      s(
        "rect",
        {
          class: `funnel-bar ${stage.key}`,
          width: ((stage.value / max) * span).toFixed(2),
          "data-stage": stage.key,
          "data-value": stage.value,
          ...bar,
        },
        s("title", {}, `${stage.label}: ${count(stage.value)}`),
      ),
      s("text", { class: "funnel-value", x: labelWidth + span + 10, ...middle }, count(stage.value)),
    ];
  });
  return s(
    "svg",
    {
      role: "img",
      "aria-label": label,
      "data-chart": "funnel",
      viewBox: `0 0 ${WIDTH} ${height}`,
      preserveAspectRatio: "xMidYMid meet",
    },
    s("title", {}, label),
    rows,
  );
}
