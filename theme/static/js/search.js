// Search for /search/: a small script over Pagefind's JavaScript API (pagefind.js).
//
// The page works as a plain form: its state lives in the URL (?q=budget&region=asia&topic=health),
// so a search can be shared and the back button works. Pagefind is loaded only when there is
// something to search, and every language's index is merged so one query finds documents in
// English, French, Spanish and Arabic.

const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const boxes = [...form.querySelectorAll('input[type="checkbox"]')];
const FILTERS = [...new Set(boxes.map((box) => box.name))];
const PAGE_SIZE = 10;

let pagefindPromise = null;
let current = { results: [], shown: 0, id: 0 };

function loadPagefind() {
  if (!pagefindPromise) {
    const bundle = new URL(form.dataset.bundle, document.baseURI).href;
    pagefindPromise = (async () => {
      const pagefind = await import(`${bundle}pagefind.js`);
      await pagefind.options({ excerptLength: 30 });
      await pagefind.init();
      // Pagefind loads the index of the page's language; merge the others. The bundle is the
      // same folder, so it is named by its absolute URL (Pagefind skips its own base path).
      const entry = await (await fetch(`${bundle}pagefind-entry.json`)).json();
      const primary = document.documentElement.lang.split("-")[0];
      for (const language of Object.keys(entry.languages).sort()) {
        if (language !== primary) {
          await pagefind.mergeIndex(bundle, { language });
        }
      }
      return pagefind;
    })();
  }
  return pagefindPromise;
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
    pagefind = await loadPagefind();
  } catch (error) {
    pagefindPromise = null;
    status.textContent = "Search is not available right now. Browse by topic, region or country instead.";
    return;
  }
  const search = await pagefind.search(state.q || null, { filters: pagefindFilters(state) });
  if (id !== current.id) return;
  current = { results: search ? search.results : [], shown: 0, id };
  list.replaceChildren();
  await showMore();
  if (id === current.id) status.textContent = describe(state, current.results.length);
}

let typing = null;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const state = stateFromForm();
    history.replaceState(null, "", urlOf(state));
    run(state);
  }, 250);
});
input.addEventListener("focus", () => loadPagefind(), { once: true });
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
