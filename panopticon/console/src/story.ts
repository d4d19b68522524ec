/** A row's history (`storytime`), newest last, as the RPCs return it. */

import { h } from "./dom.js";
import { when } from "./format.js";

export interface StoryEventLike {
  did: string;
  by: string | null;
  /** The actor's name (else email); null once the user is deleted. */
  by_name?: string | null;
  at: string;
}

export function storyPanel(events: readonly StoryEventLike[]): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "story-title" },
    h("h2", { id: "story-title" }, "History"),
    events.length === 0
      ? h("p", { class: "muted" }, "No recorded events.")
      : h(
          "ol",
          { class: "story" },
          events.map((event) =>
            h(
              "li",
              {},
              h("time", { datetime: event.at }, when(event.at)),
              `: ${event.did}`,
              event.by
                ? [
                    " by ",
                    event.by_name
                      ? h("a", { href: `#/users/${encodeURIComponent(event.by)}`, title: event.by }, event.by_name)
                      : h("a", { href: `#/users/${encodeURIComponent(event.by)}`, class: "mono" }, event.by),
                  ]
                : null,
            ),
          ),
        ),
  );
}
