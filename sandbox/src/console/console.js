// The plenigo-sandbox console. Everything it shows or changes goes through the admin API
// under /__sandbox/ (the same endpoints scripts use); every value is put in the page as
// text, never as HTML. It never sees a secret or a plenigoToken: the journal keeps only
// the decoded claims and the state counts the secrets.
"use strict";

/** The most requests kept in the page (as many as the sandbox's journal keeps). */
const MAX_ROWS = 1000;

/** Calls the admin API; answers the JSON body or throws an Error with the description. */
async function api(path, options = {}) {
  const response = await fetch(path, { cache: "no-store", ...options });
  const text = await response.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (_) {
    // Not JSON: keep the text.
  }
  if (!response.ok) {
    const description = body && body.description ? body.description : text;
    throw new Error(`${response.status}: ${description}`);
  }
  return body;
}

/** POSTs (or sends with `method`) a JSON body to the admin API. */
function send(path, value, method = "POST") {
  return api(path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: value === undefined ? undefined : JSON.stringify(value),
  });
}

/** A new element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let noticeTimer = 0;

/** Says something in the status line at the bottom for a while (errors in red, until the
 * next message). */
function notify(text, error = false) {
  const notice = $("notice");
  notice.textContent = text;
  notice.classList.toggle("error", error);
  clearTimeout(noticeTimer);
  if (!error) noticeTimer = setTimeout(() => (notice.textContent = ""), 8000);
}

/** Runs an action, saying what came of it (`done` is the text, or makes it). */
async function act(action, done) {
  try {
    await action();
    notify(typeof done === "function" ? done() : done);
    refreshSoon();
  } catch (e) {
    notify(e.message, true);
  }
}

// ---- tabs ----------------------------------------------------------------------------

const tabs = ["requests", "state", "faults"];

/** Shows one view; keeps it in the address (#state) so a reload stays there. */
function show(name, focus = false) {
  for (const tab of tabs) {
    const selected = tab === name;
    const button = $(`tab-${tab}`);
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(tab).hidden = !selected;
    if (selected && focus) button.focus();
  }
  if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  refreshSoon();
}

for (const tab of tabs) {
  const button = $(`tab-${tab}`);
  button.addEventListener("click", () => show(tab));
  button.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step) {
      event.preventDefault();
      show(tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length], true);
    }
  });
}

// ---- requests ------------------------------------------------------------------------

const journal = { entries: [], last: 0, selected: null, companies: new Set() };

/** A refusal or failure reason in a few words. */
function reasonLabel(reason) {
  if (!reason) return "";
  if (reason.startsWith("fault injected")) return "fault injected";
  const labels = {
    "invalid token signature": "bad signature",
    "token expired": "exp passed",
    "token jti was used before": "jti replayed",
    "unknown company": "unknown company",
    "missing plenigoToken header": "no token",
    "token aud must be plenigo": "wrong audience",
    "token exp is too far in the future": "exp too far ahead",
  };
  return labels[reason] || "";
}

/** A reason with its label in bold in front (or the label part of it in bold). */
function reasonText(reason) {
  const label = reasonLabel(reason);
  if (!label) return [reason];
  if (reason.startsWith(label)) return [el("strong", {}, label), reason.slice(label.length)];
  return [el("strong", {}, label), `: ${reason}`];
}

const companyOf = (entry) => (entry.claims && typeof entry.claims.companyId === "string" ? entry.claims.companyId : "");
const clock = (ms) => new Date(ms).toISOString().slice(11, 23);
const latency = (ms) => (ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toFixed(1)} ms`);

/** Whether an entry passes the filters. */
function visible(entry) {
  const company = $("filter-company").value;
  const path = $("filter-path").value.trim();
  const status = $("filter-status").value;
  if (company && companyOf(entry) !== company) return false;
  if (path && !`${entry.path}?${entry.query}`.includes(path)) return false;
  if (status === "refused") return entry.status === 401;
  if (status === "fault") return (entry.reason || "").startsWith("fault injected");
  if (status) return String(Math.floor(entry.status / 100)) === status;
  return true;
}

/** The list row of an entry: a button that opens the whole entry. */
function row(entry) {
  const company = companyOf(entry);
  const jti = entry.claims && typeof entry.claims.jti === "string" ? entry.claims.jti : "";
  const button = el(
    "button",
    { type: "button", class: "row", "aria-pressed": String(journal.selected === entry.id) },
    el("span", { class: `status s${Math.floor(entry.status / 100)}` }, entry.status || "none"),
    el("span", { class: "method" }, entry.method),
    el("span", { class: "path" }, entry.path, entry.query ? el("span", { class: "query" }, `?${entry.query}`) : ""),
    el(
      "span",
      { class: "meta" },
      [clock(entry.receivedAtMs), latency(entry.latencyMs), company || "no token", jti && `jti ${jti}`]
        .filter(Boolean)
        .join(" · "),
    ),
    entry.reason ? el("span", { class: "reason" }, reasonText(entry.reason)) : "",
  );
  button.addEventListener("click", () => select(entry.id));
  return el("li", { "data-id": entry.id, "data-status": entry.status, "data-company": company }, button);
}

/** Draws the list anew (after a filter change or a clear). */
function renderList() {
  const list = $("request-list");
  const shown = journal.entries.filter(visible).reverse();
  list.replaceChildren(...shown.map(row));
  countRows(shown.length);
}

function countRows(shown) {
  const all = journal.entries.length;
  $("request-count").textContent =
    all === 0 ? "No API requests yet: they appear here as they arrive." : `${shown} of ${all} requests shown, newest first`;
}

/** Takes in new entries: adds their rows on top and their companies to the filter. */
function addEntries(fresh) {
  journal.entries.push(...fresh);
  const dropped = journal.entries.splice(0, Math.max(0, journal.entries.length - MAX_ROWS));
  journal.last = fresh[fresh.length - 1].id;
  for (const entry of fresh) addCompany(companyOf(entry));
  const list = $("request-list");
  for (const entry of dropped) list.querySelector(`li[data-id="${entry.id}"]`)?.remove();
  for (const entry of fresh) if (visible(entry)) list.prepend(row(entry));
  countRows(list.children.length);
}

/** Offers a company in the request filter. */
function addCompany(company) {
  if (!company || journal.companies.has(company)) return;
  journal.companies.add(company);
  $("filter-company").append(el("option", { value: company }, company));
}

/** Waits for new journal entries, for as long as the page is open. */
async function follow() {
  for (;;) {
    try {
      const fresh = await api(`journal?after=${journal.last}&wait=25`);
      online(true);
      if (fresh.length) addEntries(fresh);
    } catch (e) {
      online(false, e.message);
      await sleep(1000);
    }
  }
}

/** Shows whether the sandbox answers. */
function online(ok, why = "") {
  const link = $("link");
  link.className = ok ? "online" : "offline";
  link.textContent = ok ? "live" : `sandbox unreachable ${why}`.trim();
}

/** Opens the whole entry beside (or above, on narrow windows) the list. */
function select(id) {
  const entry = journal.entries.find((e) => e.id === id);
  if (!entry) return;
  journal.selected = id;
  for (const button of $("request-list").querySelectorAll("button.row")) {
    button.setAttribute("aria-pressed", String(button.parentElement.dataset.id === String(id)));
  }
  const detail = $("request-detail");
  const close = el("button", { type: "button", class: "close", "aria-label": "Close details" }, "×");
  close.addEventListener("click", closeDetail);
  detail.replaceChildren(
    el("h2", {}, `#${entry.id} ${entry.method} `, el("span", { class: "path" }, entry.path), close),
    facts([
      ["Status", entry.status ? String(entry.status) : "none sent"],
      ["Reason", entry.reason ? el("span", { class: "reason" }, reasonText(entry.reason)) : "—"],
      ["Latency", latency(entry.latencyMs)],
      ["Received", new Date(entry.receivedAtMs).toISOString().replace("T", " ").replace("Z", " UTC")],
      ["Query", entry.query || "—"],
    ]),
    el("h3", {}, "plenigoToken claims ", el("span", { class: "muted" }, "(decoded, not verified)")),
    claimsTable(entry),
    el("h3", {}, "Body as received"),
    el("pre", { class: "body" }, pretty(entry.body) || "(empty)"),
  );
  detail.dataset.id = id;
  detail.hidden = false;
  detail.focus();
  if (detail.getBoundingClientRect().top < 0 || detail.getBoundingClientRect().top > innerHeight) {
    detail.scrollIntoView({ block: "start" });
  }
}

function closeDetail() {
  const detail = $("request-detail");
  const id = detail.dataset.id;
  detail.hidden = true;
  journal.selected = null;
  const button = $("request-list").querySelector(`li[data-id="${id}"] button`);
  button?.setAttribute("aria-pressed", "false");
  button?.focus();
}

$("request-detail").addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeDetail();
});

/** A definition list of [name, value] pairs. */
function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
}

/** The claims as a table; `exp` and `iat` also as times relative to the request. */
function claimsTable(entry) {
  if (!entry.claims) return el("p", { class: "muted" }, "no plenigoToken (or not a readable JWT)");
  const received = entry.receivedAtMs / 1000;
  const rows = Object.entries(entry.claims).map(([name, value]) => {
    let note = "";
    if ((name === "exp" || name === "iat") && typeof value === "number") {
      const seconds = Math.round(value - received);
      note = seconds >= 0 ? ` (${seconds} s after the request)` : ` (${-seconds} s before the request)`;
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return el("tr", { "data-claim": name }, el("th", { scope: "row" }, name), el("td", {}, text, el("span", { class: "muted" }, note)));
  });
  return el("table", { class: "claims" }, el("tbody", {}, rows));
}

/** A body as text, indented when it is JSON. */
function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch (_) {
    return body;
  }
}

$("filter-path").addEventListener("input", renderList);
$("filter-company").addEventListener("change", renderList);
$("filter-status").addEventListener("change", renderList);
$("request-filter").addEventListener("submit", (event) => event.preventDefault());
$("clear-journal").addEventListener("click", () =>
  act(async () => {
    await api("journal", { method: "DELETE" });
    clearRequests();
  }, "Journal cleared."),
);

function clearRequests() {
  journal.entries = [];
  $("request-detail").hidden = true;
  journal.selected = null;
  renderList();
}

// ---- state ---------------------------------------------------------------------------

const world = { dump: null, drawn: "", fetchedAt: 0 };

const mode = () => document.querySelector('input[name="mode"]:checked').value;
const company = () => world.dump?.companies.find((c) => c.companyId === $("state-company").value);

/** Fetches the state; redraws only what changed (forms and focus stay as they are). */
async function refreshState() {
  const dump = await api("state");
  world.dump = dump;
  world.fetchedAt = Date.now();
  const offset = dump.clockOffsetSeconds;
  $("clock").textContent = `domain clock ${new Date(dump.now * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC${
    offset ? ` (+${offset} s)` : ""
  }`;
  const picker = $("state-company");
  const ids = dump.companies.map((c) => c.companyId);
  if ([...picker.options].map((o) => o.value).join("\n") !== ids.join("\n")) {
    // Keep the choice; at first, the company of the latest request.
    const latest = journal.entries.length ? companyOf(journal.entries[journal.entries.length - 1]) : "";
    const chosen = picker.options.length ? picker.value : latest;
    picker.replaceChildren(...ids.map((id) => el("option", { value: id }, id)));
    if (ids.includes(chosen)) picker.value = chosen;
  }
  for (const id of ids) addCompany(id);
  drawState();
}

/** Draws the chosen company in the chosen mode, if anything changed. */
function drawState(force = false) {
  const chosen = company();
  // The seconds left change every second: they are updated in place, not redrawn.
  const key = JSON.stringify([mode(), chosen], (name, value) => (name === "secondsLeft" ? undefined : value));
  if (!force && key === world.drawn) {
    secondsLeft();
    return;
  }
  world.drawn = key;
  if (!chosen) {
    $("company-summary").replaceChildren(el("p", { class: "muted" }, "No companies."));
    $("customers").replaceChildren();
    $("login-tokens").replaceChildren();
    return;
  }
  const m = mode();
  $("company-summary").replaceChildren(
    facts([
      ["Company", chosen.companyId],
      ["Secrets", `${chosen.secretCount} (never shown)`],
      ["Closed user group", chosen.closedUserGroup ? "yes" : "no"],
      ["Apps per customer", String(chosen.maxParallelAppAccesses)],
      ["Products", chosen.products.length ? chosen.products.join(", ") : "—"],
    ]),
  );
  $("products").replaceChildren(...chosen.products.map((p) => el("option", { value: p })));
  $("customers").replaceChildren(
    ...(chosen.customers.length ? chosen.customers.map((c) => customerCard(c, m)) : [el("p", { class: "muted" }, "No customers.")]),
  );
  $("login-tokens").replaceChildren(loginTokens(chosen.loginTokens));
}

/** Updates the login tokens' seconds left to the domain clock. */
function secondsLeft() {
  for (const cell of document.querySelectorAll("td[data-expires-at]")) {
    const left = Number(cell.dataset.expiresAt) - world.dump.now;
    cell.textContent = left > 0 ? String(left) : "expired";
  }
}

/** One customer with what it holds in mode `m`. */
function customerCard(customer, m) {
  const name = [customer.firstName, customer.name].filter(Boolean).join(" ");
  const address = customer.address
    ? [
        customer.address.gender,
        [customer.address.firstName, customer.address.name].filter(Boolean).join(" "),
        customer.address.street,
        customer.address.additionalAddressInfo,
        [customer.address.postCode, customer.address.city].filter(Boolean).join(" "),
        customer.address.country,
      ]
        .filter(Boolean)
        .join(", ")
    : "—";
  const purchases = customer.purchases[m];
  const apps = customer.apps[m];
  const tokens = customer.appTokens[m];
  return el(
    "article",
    { class: "card", "data-customer-id": customer.customerId },
    el("h3", {}, customer.customerId),
    facts([
      ["E-mail", customer.email],
      ["Name", name || "—"],
      ["External ID", customer.externalUserId || "—"],
      ["Access IDs", customer.accessIds.length ? customer.accessIds.join(", ") : "—"],
      ["Address", address],
    ]),
    el("h4", {}, `Purchases (${m})`),
    purchases.length
      ? el("ul", { class: "chips purchases" }, purchases.map((p) => el("li", {}, p)))
      : el("p", { class: "muted" }, "none"),
    el("h4", {}, `Customer apps (${m})`),
    apps.length
      ? el("ul", { class: "plain" }, apps.map((a) => el("li", {}, el("code", {}, a.customerAppId), ` ${a.productId} · ${a.description}`)))
      : el("p", { class: "muted" }, "none"),
    el("h4", {}, `App tokens (${m})`),
    tokens.length
      ? el("ul", { class: "plain" }, tokens.map((t) => el("li", {}, el("code", {}, t.token), ` ${t.productId} · ${t.description}`)))
      : el("p", { class: "muted" }, "none"),
  );
}

/** The company's login tokens (only their start shown) with the seconds left. */
function loginTokens(tokens) {
  if (!tokens.length) return el("p", { class: "muted" }, "None issued.");
  return el(
    "table",
    { class: "tokens" },
    el("thead", {}, el("tr", {}, el("th", {}, "Token"), el("th", {}, "Customer"), el("th", {}, "Seconds left"), el("th", {}, "Redeemed"))),
    el(
      "tbody",
      {},
      tokens.map((t) =>
        el(
          "tr",
          {},
          el("td", {}, el("code", {}, `${t.token.slice(0, 6)}…`)),
          el("td", {}, t.customerId),
          el("td", { "data-expires-at": t.expiresAt }, t.secondsLeft ? String(t.secondsLeft) : "expired"),
          el("td", {}, t.redeemed ? "yes" : "no"),
        ),
      ),
    ),
  );
}

$("state-company").addEventListener("change", () => drawState(true));
for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", () => drawState(true));

/** The named fields of a form, trimmed. */
const fields = (form) => Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]));

$("add-purchase").addEventListener("submit", (event) => {
  event.preventDefault();
  const f = fields(event.target);
  const companyId = $("state-company").value;
  const testMode = mode() === "test";
  act(
    () => send("purchases", { companyId, customerId: f.customerId, productId: f.productId, testMode }),
    `Purchase of ${f.productId} by ${f.customerId} (${mode()} mode) added.`,
  );
});

$("add-product").addEventListener("submit", (event) => {
  event.preventDefault();
  const f = fields(event.target);
  const companyId = $("state-company").value;
  act(() => send("products", { companyId, productId: f.productId }), `Product ${f.productId} added to ${companyId}.`);
  event.target.reset();
});

$("add-company").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const f = fields(form);
  // The secret leaves the page now: the field is emptied before the request is sent.
  form.reset();
  const products = f.products.split(",").map((p) => p.trim()).filter(Boolean);
  act(async () => {
    await send("companies", { companyId: f.companyId, secrets: [f.secret], products });
    await refreshState();
    $("state-company").value = f.companyId;
    drawState(true);
  }, `Company ${f.companyId} added.`);
});

// ---- faults and time -----------------------------------------------------------------

const armed = { drawn: "" };

/** A fault in words, e.g. `POST /api/v2/access… → status 503`. */
function describeFault(f) {
  const effect = f.reset
    ? "reset the connection"
    : f.hang
      ? "never answer"
      : f.status
        ? `status ${f.status}${f.retryAfter ? `, Retry-After ${f.retryAfter}` : ""}`
        : f.body !== undefined && f.body !== null
          ? "200 with a canned body"
          : "answer normally";
  const delay = f.delayMs ? `wait ${f.delayMs} ms, then ` : "";
  return `${f.method || "any method"} ${f.path || "any path"} → ${delay}${effect}`;
}

async function refreshFaults() {
  const faults = await api("faults");
  const key = JSON.stringify(faults);
  if (key === armed.drawn) return;
  armed.drawn = key;
  const list = $("armed-faults");
  if (!faults.length) {
    list.replaceChildren(el("li", { class: "muted" }, "No fault armed."));
    return;
  }
  list.replaceChildren(
    ...faults.map((f) => {
      const disarm = el("button", { type: "button", "aria-label": `Disarm fault ${f.id}` }, "Disarm");
      disarm.addEventListener("click", () => act(() => api(`faults/${f.id}`, { method: "DELETE" }), `Fault #${f.id} disarmed.`));
      return el(
        "li",
        { "data-fault-id": f.id },
        el("span", {}, el("strong", {}, `#${f.id} `), describeFault(f), el("span", { class: "muted" }, ` · ${f.left} left`)),
        disarm,
      );
    }),
  );
}

/** The fault a filled-in form asks for. */
function faultFrom(f) {
  const fault = { count: Number(f.count) || 1 };
  if (f.method) fault.method = f.method;
  if (f.path) fault.path = f.path;
  if (Number(f.delayMs) > 0) fault.delayMs = Number(f.delayMs);
  switch (f.effect) {
    case "status":
      fault.status = Number(f.status);
      if (f.retryAfter !== "") fault.retryAfter = f.retryAfter;
      break;
    case "delay":
      fault.delayMs = Number(f.delayMs) > 0 ? Number(f.delayMs) : 1000;
      break;
    case "reset":
      fault.reset = true;
      break;
    case "hang":
      fault.hang = true;
      break;
    case "malformed":
      fault.body = "<html><body>Bad gateway</body></html>";
      fault.contentType = "text/html";
      break;
    case "truncated":
      fault.body = '{"customerId": "1234';
      break;
  }
  return fault;
}

$("arm-fault").addEventListener("submit", (event) => {
  event.preventDefault();
  const fault = faultFrom(fields(event.target));
  let armedId = null;
  act(
    async () => {
      armedId = (await send("faults", fault)).id;
    },
    () => `Fault #${armedId} armed: ${describeFault(fault)}, ${fault.count}×.`,
  );
});

/** Enables the fields the chosen effect uses. */
function effectFields() {
  const effect = $("arm-fault").elements.effect.value;
  $("arm-fault").elements.status.disabled = effect !== "status";
  $("arm-fault").elements.retryAfter.disabled = effect !== "status";
}
$("arm-fault").elements.effect.addEventListener("change", effectFields);
effectFields();

$("disarm-all").addEventListener("click", () => act(() => api("faults", { method: "DELETE" }), "All faults disarmed."));

$("advance-clock").addEventListener("submit", (event) => {
  event.preventDefault();
  const seconds = Number(fields(event.target).seconds);
  act(() => send("clock", { advanceSeconds: seconds }), `Clock advanced by ${seconds} s.`);
});

$("reset").addEventListener("click", () =>
  act(async () => {
    await send("reset");
    clearRequests();
  }, "Sandbox reset to its fixture."),
);

// ---- refreshing ----------------------------------------------------------------------

let refreshing = false;

/** Refreshes the state (for the clock and the company lists) and the armed faults. */
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    await Promise.all([refreshState(), refreshFaults()]);
  } catch (e) {
    online(false, e.message);
  } finally {
    refreshing = false;
  }
}

function refreshSoon() {
  setTimeout(refresh, 0);
}

/** Loads the journal first (so the state view starts on the latest request's company),
 * then follows the journal and refreshes the rest every second. */
async function start() {
  renderList();
  try {
    const all = await api("journal");
    online(true);
    if (all.length) addEntries(all);
  } catch (e) {
    online(false, e.message);
  }
  show(tabs.includes(location.hash.slice(1)) ? location.hash.slice(1) : "requests");
  setInterval(refresh, 1000);
  follow();
}

start();
