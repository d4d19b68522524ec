/**
 * Analytics: signups, active organizations and the invite funnel per UTC day, from the
 * tables the pipeline fills (`analytics_overview`). A date-range form (the last 30
 * complete UTC days by default, at most 366), three SVG charts, each followed by its
 * numbers as a table.
 */

import { isoDate, type ISODate, type RPCOutput } from "@blossom/rpc/client";
import type { PanopticonRPCs } from "@blossom/rpc/panopticon";

import { api, describe } from "./api.js";
import { link, loading, navigate, page, type View } from "./app.js";
import { barChart, funnelChart, lineChart, type FunnelStage } from "./chart.js";
import { h, notice, scrollBox, type Child } from "./dom.js";
import { plural } from "./format.js";

type Overview = RPCOutput<PanopticonRPCs, "analytics_overview">;
type Day = Overview["days"][number];

const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "YYYY-MM-DD" of a UTC day, `offset` days from today. */
function utcDay(offset: number): ISODate {
  const now = new Date();
  return isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)));
}

function parseDay(text: string): number | null {
  if (!ISO_DAY.test(text)) return null;
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text ? null : time;
}

/** The range as the RPC's input, or why it cannot be asked for. */
function checkRange(from: string, to: string): { from_day: ISODate; to_day: ISODate } | string {
  const first = parseDay(from);
  const last = parseDay(to);
  if (first === null || last === null) return "Give both days as dates (YYYY-MM-DD).";
  if (last < first) return "The first day is after the last day.";
  if ((last - first) / DAY_MS + 1 > MAX_DAYS) return `The range spans more than ${MAX_DAYS} days: shorten it.`;
  return { from_day: isoDate(new Date(first)), to_day: isoDate(new Date(last)) };
}

function rangeForm(from: string, to: string): HTMLElement {
  const first = h("input", { id: "analytics-from", name: "from", type: "date", value: from, required: true });
  const last = h("input", { id: "analytics-to", name: "to", type: "date", value: to, required: true });
  const form = h(
    "form",
    { class: "search", "aria-label": "Date range" },
    h("div", { class: "field" }, h("label", { for: "analytics-from" }, "From (UTC day)"), first),
    h("div", { class: "field" }, h("label", { for: "analytics-to" }, "To (UTC day, included)"), last),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Show")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(link("/analytics", { from: first.value, to: last.value }));
  });
  return form;
}

const count = (value: number): string => value.toLocaleString("en");

/** A chart's numbers as a table, folded away under a summary (keyboard: Enter opens it). */
function dataTable(caption: string, headers: string[], rows: Child[][], open = false): HTMLElement {
  return h(
    "details",
    { class: "chart-data", open },
    h("summary", {}, `${caption}: the numbers`),
    scrollBox(
      `${caption}: the numbers`,
      h(
        "table",
        {},
        h("caption", { class: "visually-hidden" }, caption),
        h("thead", {}, h("tr", {}, headers.map((name) => h("th", { scope: "col" }, name)))),
        h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))),
      ),
    ),
  );
}

function chartPanel(id: string, title: string, note: string | null, chart: SVGElement, data: HTMLElement): HTMLElement {
  return h(
    "section",
    { class: "panel chart", "aria-labelledby": id },
    h("h2", { id }, title),
    note ? h("p", { class: "muted" }, note) : null,
    h("div", { class: "chart-figure", role: "region", "aria-label": `${title} (scrolls sideways)`, tabindex: 0 }, chart),
    data,
  );
}

const isZero = (d: Day): boolean =>
  d.signups === 0 &&
  d.signups_completed === 0 &&
  d.active_organizations === 0 &&
  d.organizations === 0 &&
  d.invites_sent === 0 &&
  d.invites_accepted === 0 &&
  d.invites_revoked === 0 &&
  d.invites_expired === 0 &&
  d.failed_logins === 0 &&
  d.sessions_started === 0;

/** "4 minutes", "2.5 hours", "3 days": a median time to accept an invite. */
function span(seconds: number): string {
  const [value, unit] =
    seconds < 120 ? [seconds, "second"] : seconds < 7200 ? [seconds / 60, "minute"] : seconds < 172800 ? [seconds / 3600, "hour"] : [seconds / 86400, "day"];
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} ${unit}${rounded === 1 ? "" : "s"}`;
}

function backfillHint(from: string, to: string, today: string): HTMLElement {
  // The pipeline fills a UTC day once it is over: today and later days stay empty.
  const yesterday = utcDay(-1);
  const last = to >= today ? yesterday : to;
  const hint =
    last < from
      ? h("p", {}, "The range has no complete UTC day yet: the pipeline fills a day once it is over.")
      : h(
          "p",
          {},
          "Fill the tables from the command line: ",
          h("code", { class: "mono" }, `blossom pipeline backfill --from ${from} --to ${last}`),
          to >= today ? " (a day is filled once it is over)." : ".",
        );
  return h(
    "div",
    { class: "notice info", role: "status", "data-testid": "analytics-empty" },
    h("p", {}, "Every day of this range is zero: the pipeline has not filled these days (or nothing happened)."),
    hint,
  );
}

export async function analyticsPage(view: View): Promise<void> {
  const from = view.params.get("from") || utcDay(-DEFAULT_DAYS);
  const to = view.params.get("to") || utcDay(-1);
  const form = rangeForm(from, to);
  const range = checkRange(from, to);
  if (typeof range === "string") return page(view, "Analytics", form, notice("error", range));
  loading(view, "Analytics");
  const res = await api.call("analytics_overview", range);
  if (!res.ok) {
    const message =
      res.error === "AnalyticsRangeError"
        ? `The first day must not be after the last, and the range spans at most ${MAX_DAYS} days.`
        : describe(res);
    return page(view, "Analytics", form, notice("error", message));
  }
  const { days, funnel } = res.data;
  const today = utcDay(0);
  const empty = days.every(isZero);
  const unfilled = days.filter((d) => d.organizations === 0).length;
  const total = (field: "signups" | "signups_completed") => days.reduce((sum, d) => sum + d[field], 0);

  const signups = chartPanel(
    "chart-signups",
    "Signups per day",
    `${plural(total("signups"), "user")} signed up, ${count(total("signups_completed"))} of them finished.`,
    barChart({
      key: "signups",
      title: "Signups per day",
      unit: "signups",
      points: days.map((d) => ({ day: d.day, value: d.signups })),
    }),
    dataTable(
      "Signups per day",
      ["Day", "Signups", "Completed"],
      days.map((d) => [h("span", { class: "mono" }, d.day), count(d.signups), count(d.signups_completed)]),
    ),
  );

  const active = chartPanel(
    "chart-active",
    "Active organizations per day",
    "Organizations with at least one member active that day." +
      (unfilled > 0 && !empty ? ` Hollow points: ${plural(unfilled, "day")} without organization rows yet.` : ""),
    lineChart({
      key: "active-organizations",
      title: "Active organizations per day",
      unit: "active organizations",
      points: days.map((d) => ({ day: d.day, value: d.active_organizations, missing: d.organizations === 0 })),
    }),
    dataTable(
      "Active organizations per day",
      ["Day", "Active organizations", "Organizations"],
      days.map((d) => [
        h("span", { class: "mono" }, d.day),
        count(d.active_organizations),
        d.organizations === 0 ? "not filled yet" : count(d.organizations),
      ]),
    ),
  );

  const stages: FunnelStage[] = [
    { key: "sent", label: "Sent", value: funnel.sent },
    { key: "accepted", label: "Accepted", value: funnel.accepted },
    { key: "revoked", label: "Revoked", value: funnel.revoked },
    { key: "expired", label: "Expired", value: funnel.expired },
  ];
  const invites = chartPanel(
    "chart-funnel",
    "Invite funnel",
    "Invites sent in the range, and how many were accepted, revoked or expired in it " +
      "(an outcome counts on its own day, so it may be of an invite sent before). " +
      (funnel.median_seconds_to_accept === null
        ? "No invite was accepted in the range."
        : `Median time to accept: ${span(funnel.median_seconds_to_accept)}.`),
    funnelChart("Invite funnel", stages),
    scrollBox(
      "Invite funnel: the numbers",
      h(
        "table",
        { class: "funnel-table" },
        h("caption", { class: "visually-hidden" }, "Invite funnel"),
        h("thead", {}, h("tr", {}, stages.map((stage) => h("th", { scope: "col" }, stage.label)))),
        h("tbody", {}, h("tr", {}, stages.map((stage) => h("td", { "data-stage": stage.key }, count(stage.value))))),
      ),
    ),
  );

  const sum = (field: "failed_logins" | "lockouts" | "sessions_started") => days.reduce((all, d) => all + d[field], 0);
  const security = chartPanel(
    "chart-security",
    "Failed sign-ins per day",
    `${plural(sum("failed_logins"), "failed sign-in")}, ${plural(sum("lockouts"), "lockout")} and ` +
      `${plural(sum("sessions_started"), "session")} started (product and panopticon).`,
    barChart({
      key: "failed-logins",
      title: "Failed sign-ins per day",
      unit: "failed sign-ins",
      points: days.map((d) => ({ day: d.day, value: d.failed_logins })),
    }),
    dataTable(
      "Sign-in security per day",
      ["Day", "Failed sign-ins", "Lockouts", "Sessions started"],
      days.map((d) => [h("span", { class: "mono" }, d.day), count(d.failed_logins), count(d.lockouts), count(d.sessions_started)]),
    ),
  );

  page(
    view,
    "Analytics",
    form,
    h(
      "p",
      { class: "muted" },
      `${plural(days.length, "UTC day")}, ${from} to ${to}, from the tables the pipeline fills each night.`,
    ),
    empty ? backfillHint(from, to, today) : null,
    signups,
    active,
    invites,
    security,
  );
}
