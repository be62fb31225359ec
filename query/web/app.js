// puebla's search page: search, facets, documents and traces over /api.
// The state is in the URL (#/search?q=…, #/doc/ID, #/trace?q=…): links can
// be shared. No framework, no external script.
"use strict";

const TEXT = {
  es: { tagline: "Registros de la Conferencia Regional sobre Migración", query: "Búsqueda", search: "Buscar",
        trace: "Trazar", help: "Ayuda", placeholder: "trata de personas country:GT date:2004..2006",
        "help-text": "Las palabras se combinan con Y; los acentos y las mayúsculas no importan. \"frase exacta\", OR, NOT, -palabra, migra*. Campos:",
        results: (n, a, b, about) => `${about ? "unos " : ""}${n} resultado${n === 1 ? "" : "s"} (${a}–${b})`, none: "Sin resultados.",
        prev: "← Anteriores", next: "Siguientes →", page: "página", country: "País", org: "Organización",
        year: "Año", status: "Estado", kind: "Tipo", meeting: "Reunión", lang: "Idioma", back: "← Volver",
        path: "Archivo", title: "Título", date: "Fecha", place: "Lugar", passages: "Pasajes",
        firstProposed: "Propuesto por primera vez", approved: "Aprobado", completed: "Realizado",
        latest: "Estado más reciente", noneRecorded: "no consta", by: "por", events: "Eventos",
        traceOf: "Trayectoria de", proposed: "propuesto", ongoing: "en curso", pending: "pendiente",
        mentioned: "mencionado", traceIt: "Trazar esta actividad", entities: "Entidades marcadas",
        partialTrace: (n) => `Más pasajes contienen estas palabras que los ${n} mejores leídos: pueden faltar eventos, ` +
          "también el más antiguo. Acote la consulta (country:, date:, otra palabra)." },
  en: { tagline: "Records of the Regional Conference on Migration", query: "Search", search: "Search",
        trace: "Trace", help: "Help", placeholder: "trafficking country:GT date:2004..2006",
        "help-text": "Words are ANDed; accents and case do not matter. \"exact phrase\", OR, NOT, -word, migra*. Fields:",
        results: (n, a, b, about) => `${about ? "about " : ""}${n} result${n === 1 ? "" : "s"} (${a}–${b})`, none: "No results.",
        prev: "← Previous", next: "Next →", page: "page", country: "Country", org: "Organization",
        year: "Year", status: "Status", kind: "Kind", meeting: "Meeting", lang: "Language", back: "← Back",
        path: "File", title: "Title", date: "Date", place: "Place", passages: "Passages",
        firstProposed: "First proposed", approved: "Approved", completed: "Completed",
        latest: "Latest status", noneRecorded: "none recorded", by: "by", events: "Events",
        traceOf: "Trace of", proposed: "proposed", ongoing: "ongoing", pending: "pending",
        mentioned: "mentioned", traceIt: "Trace this activity", entities: "Entities marked",
        partialTrace: (n) => `More passages hold these words than the best ${n} read: events may be missing, ` +
          "the earliest among them. Narrow the query (country:, date:, another word)." },
};
let lang = localStorage.getItem("puebla-lang") || "es";
const t = (key) => TEXT[lang][key] ?? TEXT.es[key] ?? key;
const PAGE = 10;
const FACETS = ["country", "org", "year", "status", "kind"];
const view = document.getElementById("view");
const facetsBox = document.getElementById("facets");
const qInput = document.getElementById("q");

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.getElementById("lang").textContent = lang === "es" ? "EN" : "ES";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}

function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }
function searchHash(q, offset = 0) { return `#/search?q=${encodeURIComponent(q)}${offset ? `&offset=${offset}` : ""}`; }

// ---- Search -----------------------------------------------------------------------

function renderFacets(facets, q) {
  if (!facets) { facetsBox.innerHTML = ""; return; }
  facetsBox.innerHTML = FACETS.filter((f) => facets[f] && facets[f].length).map((f) => {
    const items = facets[f].slice(0, 12).map((v) => {
      const value = /\s/.test(v.value) ? `"${v.value}"` : v.value;
      const term = `${f}:${value}`;
      const on = q.split(/\s+/).includes(term);
      const next = on ? q.split(/\s+/).filter((w) => w !== term).join(" ") : `${q} ${term}`.trim();
      return `<li><a href="${esc(searchHash(next))}" aria-current="${on}"><span>${esc(v.value)}</span>` +
             `<span class="count">${v.count}</span></a></li>`;
    }).join("");
    return `<h2>${esc(t(f))}</h2><ul>${items}</ul>`;
  }).join("");
}

function renderHit(h) {
  const meta = [h.kind, h.date, h.meeting].filter(Boolean).map(esc).join(" · ");
  const file = h.path.split("/").pop();
  const where = [esc(file), h.page ? `${t("page")} ${h.page}` : "", h.section ? `§ ${esc(h.section)}` : ""]
    .filter(Boolean).join(" · ");
  const anchor = h.passage ? `?p=${h.passage.ordinal}` : "";
  return `<article class="hit"><h3><a href="#/doc/${esc(h.id)}${anchor}">${esc(h.title || file)}</a></h3>` +
         `<div class="meta">${meta}</div><div class="where">${where}</div>` +
         `<p class="snippet">${h.snippet}</p></article>`; // the snippet comes HTML-escaped, with <mark>
}

async function showSearch(params) {
  const q = params.get("q") || "";
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  qInput.value = q;
  if (!q) { view.innerHTML = ""; facetsBox.innerHTML = ""; return; }
  view.innerHTML = "…";
  try {
    const r = await api(`/api/search?q=${encodeURIComponent(q)}&offset=${offset}&limit=${PAGE}&facets=1`);
    renderFacets(r.facets, q);
    if (!r.total) { view.innerHTML = `<p class="summary">${t("none")}</p>`; return; }
    const pager = [offset > 0 ? `<a href="${esc(searchHash(q, Math.max(0, offset - PAGE)))}">${t("prev")}</a>` : "",
                   offset + PAGE < r.total ? `<a href="${esc(searchHash(q, offset + PAGE))}">${t("next")}</a>` : ""].join(" ");
    view.innerHTML = `<p class="summary">${t("results")(r.total, offset + 1, offset + r.results.length, r.partial)}</p>` +
                     r.results.map(renderHit).join("") + `<nav class="pager">${pager}</nav>`;
  } catch (e) {
    facetsBox.innerHTML = "";
    view.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`;
  }
}

// ---- Document ---------------------------------------------------------------------

// Bytes FROM…TO of the UTF-8 BYTES with the entities inside them marked
// (entity offsets are UTF-8 bytes of the whole passage).
function markBytes(bytes, entities, from, to) {
  const dec = new TextDecoder();
  let out = "", at = from;
  for (const e of [...(entities || [])].sort((a, b) => a.start - b.start)) {
    if (e.start < at || e.end > to) continue;
    out += esc(dec.decode(bytes.slice(at, e.start)));
    out += `<span class="ent ent-${esc(e.type)}" title="${esc(e.type)}: ${esc(e.id)}">${esc(dec.decode(bytes.slice(e.start, e.end)))}</span>`;
    at = e.end;
  }
  return out + esc(dec.decode(bytes.slice(at, to)));
}

// A passage's text with its entities marked; a table row shows each cell
// under its column's name, found in order in the row's text (which joins
// the cells), so that the entities inside a cell are marked too.
function markPassage(p) {
  const enc = new TextEncoder(), bytes = enc.encode(p.text || "");
  if (!p.cells) return markBytes(bytes, p.entities, 0, bytes.length);
  let at = 0;
  return p.cells.filter((c) => c.text).map((c) => {
    const cell = enc.encode(c.text), start = indexOfBytes(bytes, cell, at);
    let body = esc(c.text);
    if (start >= 0) { body = markBytes(bytes, p.entities, start, start + cell.length); at = start + cell.length; }
    return `<span class="cell-name">${esc(c.name)}</span>${body}`;
  }).join("");
}

function indexOfBytes(hay, needle, from) {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

async function showDocument(id, params) {
  facetsBox.innerHTML = "";
  try {
    const d = await api(`/api/documents/${encodeURIComponent(id)}`);
    const rows = [["title", d.title], ["path", d.path], ["kind", d.kind], ["date", d.date], ["meeting", d.meeting],
                  ["place", d.place], ["lang", d.language]].filter((r) => r[1]);
    const passages = (d.passages || []).map((p) => {
      const body = markPassage(p);
      const where = [p.page ? `${t("page")} ${p.page}` : "", p.section ? `§ ${esc(p.section)}` : ""].filter(Boolean).join(" · ");
      return `<div class="passage" id="p${p.ordinal}"><div class="where">${p.ordinal}. ${esc(p.kind)} ${where}</div>${body}</div>`;
    }).join("");
    view.innerHTML = `<p><a href="#" data-back>${t("back")}</a></p>` +
      `<dl class="doc">${rows.map((r) => `<dt>${esc(t(r[0]))}</dt><dd>${esc(r[1])}</dd>`).join("")}</dl>` +
      `<p class="legend">${t("entities")}: <span class="ent ent-country">${t("country")}</span><span class="ent ent-org">${t("org")}</span>` +
      `<span class="ent ent-date">${t("date")}</span><span class="ent ent-meeting">${t("meeting")}</span><span class="ent ent-status">${t("status")}</span></p>` +
      `<h2>${t("passages")}</h2>${passages}`;
    const p = params.get("p");
    if (p) { const el = document.getElementById(`p${p}`); if (el) { el.scrollIntoView(); el.tabIndex = -1; el.focus(); } }
  } catch (e) {
    view.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`;
  }
}

// ---- Trace ------------------------------------------------------------------------

const COLORS = { proposed: "var(--proposed)", approved: "var(--approved)", ongoing: "var(--ongoing)",
                 pending: "var(--pending)", completed: "var(--completed)", mentioned: "var(--mentioned)" };

function dayOf(e) { const d = (e.date || "").slice(0, 10); const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d);
  return m ? Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1) : null; }

function timeline(events) {
  const dated = events.filter((e) => dayOf(e) !== null);
  if (!dated.length) return "";
  const days = dated.map(dayOf), lo = Math.min(...days), hi = Math.max(...days), span = Math.max(hi - lo, 1);
  // drawn at the width it is shown, so its labels keep their size on a phone
  const W = Math.max(300, Math.round(view.clientWidth || 1000)), x = (d) => 30 + (W - 60) * (d - lo) / span;
  const years = [];
  for (let y = new Date(lo).getUTCFullYear(); y <= new Date(hi).getUTCFullYear() + 1; y++) years.push(y);
  const ticks = years.map((y) => Date.UTC(y, 0, 1)).filter((d) => d >= lo && d <= hi)
    .map((d) => `<line x1="${x(d)}" x2="${x(d)}" y1="70" y2="80" stroke="#aaa"/><text x="${x(d)}" y="95" text-anchor="middle">${new Date(d).getUTCFullYear()}</text>`).join("");
  const dots = dated.map((e, i) => `<a href="#/doc/${esc(e.doc)}?p=${e.passage}"><circle cx="${x(dayOf(e))}" cy="${55 - (i % 3) * 14}" r="7" fill="${COLORS[e.status] || "#888"}">` +
    `<title>${esc(e.date)} · ${esc(t(e.status))} · ${esc(e.quote).slice(0, 120)}</title></circle></a>`).join("");
  return `<svg class="timeline" viewBox="0 0 ${W} 110" width="${W}" height="110" role="img" aria-label="${esc(t("events"))}">` +
         `<line x1="20" x2="${W - 20}" y1="75" y2="75" stroke="#888"/>${ticks}${dots}</svg>`;
}

function claim(label, e) {
  if (!e) return `<dt>${t(label)}</dt><dd>${t("noneRecorded")}</dd>`;
  const by = e.by && e.by.length ? ` — ${t("by")} ${e.by.map(esc).join(", ")}` : "";
  return `<dt>${t(label)}</dt><dd>${esc(e.date)}${by}<br>«${esc(e.quote)}» ` +
         `<a href="#/doc/${esc(e.doc)}?p=${e.passage}">${esc(e.path.split("/").pop())}${e.page ? `, ${t("page")} ${e.page}` : ""}</a></dd>`;
}

async function showTrace(params) {
  const q = params.get("q") || "";
  qInput.value = q;
  facetsBox.innerHTML = "";
  if (!q) { view.innerHTML = ""; return; }
  view.innerHTML = "…";
  try {
    const tr = await api(`/api/trace?q=${encodeURIComponent(q)}`);
    const events = tr.events.map((e) => `<div class="event"><span class="status" style="background:${COLORS[e.status]}">${esc(t(e.status))}</span> ` +
      `<strong>${esc(e.date || "")}</strong> «${esc(e.quote)}» <a href="#/doc/${esc(e.doc)}?p=${e.passage}">${esc(e.path.split("/").pop())}</a></div>`).join("");
    const partial = tr.complete === false ? `<p class="notice" role="status">${esc(t("partialTrace")(tr.candidates))}</p>` : "";
    view.innerHTML = `<h2>${t("traceOf")} «${esc(q)}»</h2>` + partial + timeline(tr.events) +
      `<dl class="claims">${claim("firstProposed", tr.first_proposed)}${claim("approved", tr.approved)}${claim("completed", tr.completed)}` +
      `<dt>${t("latest")}</dt><dd>${esc(t(tr.latest_status || "noneRecorded"))}</dd></dl>` +
      `<h2>${t("events")} (${tr.events.length})</h2>${events}`;
  } catch (e) {
    view.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`;
  }
}

// ---- Routing ------------------------------------------------------------------------

function route() {
  const hash = location.hash.slice(1) || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  if (path.startsWith("/doc/")) return showDocument(decodeURIComponent(path.slice(5)), params);
  if (path === "/trace") return showTrace(params);
  return showSearch(params);
}

document.getElementById("search").addEventListener("submit", (ev) => { ev.preventDefault(); go(searchHash(qInput.value.trim())); });
document.getElementById("trace-button").addEventListener("click", () => go(`#/trace?q=${encodeURIComponent(qInput.value.trim())}`));
document.getElementById("help-button").addEventListener("click", (ev) => {
  const help = document.getElementById("help"); help.hidden = !help.hidden; ev.target.setAttribute("aria-expanded", String(!help.hidden));
});
document.getElementById("lang").addEventListener("click", () => {
  lang = lang === "es" ? "en" : "es"; localStorage.setItem("puebla-lang", lang); applyLanguage(); route();
});
document.addEventListener("click", (ev) => {
  if (ev.target.closest && ev.target.closest("[data-back]")) { ev.preventDefault(); history.back(); }
});
window.addEventListener("hashchange", route);
applyLanguage();
route();
