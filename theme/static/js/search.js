// Search for /search/: a small script over Pagefind's JavaScript API (pagefind.js).
//
// The page works as a plain form: its state lives in the URL (?q=budget&region=asia&topic=health),
// so a search can be shared and the back button works. Pagefind is loaded only when there is
// something to search. One index holds the documents of every language, so one query finds
// documents in English, French, Spanish and Arabic; a query written in Arabic script goes to
// the Arabic documents' own bundle (pagefind/ar/), which has Arabic stemming (docs/search.md).

const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
const FILTERS = [...new Set(boxes.map((box) => box.name))];
const PAGE_SIZE = 10;

// Bundles for queries in a script of their own (plugins/search_index/index.py, SCRIPT_INDEXES).
// Each is a Pagefind of its own (its own pagefind.js, so its own WebAssembly and stemmer).
const SCRIPTS = [{ bundle: "ar", pattern: /\p{Script=Arabic}/u }];

const modules = new Map();
const pagefinds = new Map();
let current = { results: [], shown: 0, id: 0 };

// "" (the main bundle: every document) or the sub-bundle for the script the query is written in.
function bundleFor(q) {
  return SCRIPTS.find((script) => script.pattern.test(q))?.bundle ?? "";
}

function preferredBundle() {
  const language = navigator.language.split("-")[0].toLowerCase();
  return SCRIPTS.find((script) => script.bundle === language)?.bundle ?? "";
}

function cached(map, name, make) {
  if (!map.has(name)) {
    const promise = make();
    map.set(name, promise);
    promise.catch(() => map.delete(name)); // a failed load is tried again next time
  }
  return map.get(name);
}

// The module alone (pagefind.js, 12 KB): no index, no WebAssembly yet.
function importPagefind(name = "") {
  return cached(modules, name, () => {
    const base = new URL(form.dataset.bundle, document.baseURI).href;
    return import(`${base}${name ? `${name}/` : ""}pagefind.js`);
  });
}

// Ready to search: Pagefind starts its worker and fetches the index's metadata and WebAssembly.
function loadPagefind(name = "") {
  return cached(pagefinds, name, async () => {
    const pagefind = await importPagefind(name);
    await pagefind.options({ excerptLength: 30 });
    await pagefind.init();
    return pagefind;
  });
}

// A site without documents in that script has no bundle for it: the main one has them all.
async function pagefindFor(q) {
  const name = bundleFor(q);
  try {
    return await loadPagefind(name);
  } catch (error) {
    if (!name) throw error;
    return loadPagefind("");
  }
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  return {
    q: params.get("q") || "",
    filters: Object.fromEntries(FILTERS.map((name) => [name, params.getAll(name)])),
  };
}

function stateFromForm() {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, []]));
  for (const box of boxes) {
    if (box.checked) filters[box.name].push(box.value);
  }
  return { q: input.value.trim(), filters };
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) {
    for (const value of state.filters[name]) params.append(name, value);
  }
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}

function showState(state) {
  input.value = state.q;
  for (const box of boxes) {
    box.checked = state.filters[box.name].includes(box.value);
  }
  for (const details of form.querySelectorAll("details[data-filter]")) {
    if (state.filters[details.dataset.filter].length) details.open = true;
  }
}

function isEmpty(state) {
  return !state.q && FILTERS.every((name) => state.filters[name].length === 0);
}

function pagefindFilters(state) {
  const filters = {};
  for (const box of boxes) {
    if (state.filters[box.name].includes(box.value)) {
      filters[box.name] ??= { any: [] };
      filters[box.name].any.push(box.dataset.name);
    }
  }
  return filters;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function describe(state, count) {
  const chosen = boxes.filter((box) => state.filters[box.name].includes(box.value));
  const where = chosen.length ? ` in ${chosen.map((box) => box.dataset.name).join(", ")}` : "";
  const what = state.q ? ` for “${state.q}”` : "";
  return `${plural(count, "result")}${what}${where}.`;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "card-meta";
  meta.textContent = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  // Pagefind escapes the page's text and adds only <mark> around the hits.
  excerpt.innerHTML = data.excerpt;
  item.append(heading, meta, excerpt);
  if (data.meta.lang) item.lang = data.meta.lang;
  return item;
}

async function showMore() {
  const id = current.id;
  const next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const pages = await Promise.all(next.map((result) => result.data()));
  if (id !== current.id) return;
  for (const data of pages) list.append(resultItem(data));
  current.shown += next.length;
  more.hidden = current.shown >= current.results.length;
}

async function run(state) {
  const id = ++current.id;
  if (isEmpty(state)) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  status.textContent = "Searching…";
  let pagefind;
  try {
    pagefind = await pagefindFor(state.q);
  } catch (error) {
    status.textContent = "Search is not available right now. Browse by topic, region or country instead.";
    return;
  }
  // Words, not quoted phrases: the index keeps only the first places of each word on a page
  // (compact.py), so Pagefind's exact-phrase search would miss pages.
  const words = state.q.replace(/["“”«»„]/g, " ").trim();
  const search = await pagefind.search(words || null, { filters: pagefindFilters(state) });
  if (id !== current.id) return;
  current = { results: search ? search.results : [], shown: 0, id };
  list.replaceChildren();
  await showMore();
  if (id === current.id) status.textContent = describe(state, current.results.length);
}

let typing = null;
input.addEventListener("input", () => {
  if (input.value.trim()) loadPagefind(bundleFor(input.value));
  clearTimeout(typing);
  typing = setTimeout(() => {
    const state = stateFromForm();
    history.replaceState(null, "", urlOf(state));
    run(state);
  }, 250);
});
// Focus shows intent: fetch the script their browser's language suggests; the index itself waits
// for the first letter typed, which tells which index the query needs (Latin or Arabic script).
input.addEventListener("focus", () => importPagefind(preferredBundle()), { once: true });
form.addEventListener("change", (event) => {
  if (event.target.type !== "checkbox") return;
  const state = stateFromForm();
  history.pushState(null, "", urlOf(state));
  run(state);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  const state = stateFromForm();
  history.pushState(null, "", urlOf(state));
  run(state);
});
more.addEventListener("click", () => showMore());
window.addEventListener("popstate", () => {
  const state = stateFromUrl();
  showState(state);
  run(state);
});

const initial = stateFromUrl();
showState(initial);
run(initial);
