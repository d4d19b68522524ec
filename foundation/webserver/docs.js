// /docs: the search box, the copy buttons and (in development) the "try it" forms. Inline,
// allowed by its hash in the page's Content-Security-Policy; it fetches nothing but the
// try-it calls to this server's /rpc/<name>.
(() => {
  "use strict";

  // Search: RPCs whose name, capability or description holds every word typed.
  const form = document.getElementById("search");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const rpcs = Array.from(document.querySelectorAll("section.rpc"));
  const groups = Array.from(document.querySelectorAll("section.group"));
  const entries = new Map(
    Array.from(document.querySelectorAll("nav [data-rpc]")).map((item) => [item.dataset.rpc, item]),
  );
  const navGroups = Array.from(document.querySelectorAll("nav [data-group]"));

  function filter() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const rpc of rpcs) {
      const match = words.every((word) => rpc.dataset.search.includes(word));
      rpc.hidden = !match;
      const entry = entries.get(rpc.dataset.rpc);
      if (entry) entry.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of [...groups, ...navGroups]) {
      group.hidden = !group.querySelector("section.rpc:not([hidden]), li[data-rpc]:not([hidden])");
    }
    if (!words.length) status.textContent = "";
    else if (!shown) status.textContent = "No RPC matches.";
    else status.textContent = `${shown} of ${rpcs.length} RPCs match.`;
  }

  if (form && input && status) {
    form.hidden = false;
    form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", filter);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        input.value = "";
        filter();
      }
    });
    document.addEventListener("keydown", (event) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (event.key === "/" && !typing) {
        event.preventDefault();
        input.focus();
      }
    });
    if (input.value) filter();
  }

  // Copy buttons: the text of the snippet they name.
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "skip";
      document.body.append(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  }

  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const done = source ? await copy(source.textContent) : false;
      button.textContent = done ? "Copied" : "Copy failed";
      setTimeout(() => {
        button.textContent = "Copy";
      }, 2000);
    });
  }

  // Try it (development only): send the form's JSON to /rpc/<name>, show the answer.
  function queryString(value) {
    const params = new URLSearchParams();
    for (const [key, field] of Object.entries(value ?? {})) {
      for (const item of Array.isArray(field) ? field : [field]) {
        if (item === null || item === undefined) continue;
        params.append(key, typeof item === "string" ? item : JSON.stringify(item));
      }
    }
    const text = params.toString();
    return text ? `?${text}` : "";
  }

  for (const tryForm of document.querySelectorAll("form.try-form")) {
    const output = tryForm.querySelector("output");
    tryForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = tryForm.elements.namedItem("input").value.trim();
      let value;
      try {
        value = text ? JSON.parse(text) : null;
      } catch (error) {
        output.textContent = `The input is not JSON: ${error.message}`;
        return;
      }
      const { rpc, method } = tryForm.dataset;
      const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
      let url = `rpc/${encodeURIComponent(rpc)}`;
      if (method === "GET") url += queryString(value);
      else {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(value ?? {});
      }
      output.textContent = "Sending…";
      try {
        const response = await fetch(url, init);
        const body = await response.text();
        let shown = body;
        try {
          shown = JSON.stringify(JSON.parse(body), null, 2);
        } catch {
          // not JSON: shown as it came
        }
        const id = response.headers.get("X-Request-ID");
        output.textContent = `HTTP ${response.status}${id ? ` · X-Request-ID ${id}` : ""}\n${shown}`;
      } catch (error) {
        output.textContent = `No answer: ${error.message}`;
      }
    });
  }
})();
