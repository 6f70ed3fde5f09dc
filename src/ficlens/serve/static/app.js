/* ficlens web app. Story text is untrusted: every string from the server goes into the page through
   textContent, setAttribute (never an event or URL attribute) or SVG text nodes, never as markup. */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const POLL_MS = 200;

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  if (!response.ok) throw new Error((body && body.detail) || response.statusText || "request failed");
  return body;
}

function post(path, body, contentType) {
  return api(path, {method: "POST", body: body, headers: {"X-Ficlens": "1", "Content-Type": contentType}});
}

/* Poll a job until it ends; onStep sees each state. Resolves with the finished job, rejects on error. */
async function waitForJob(job, onStep) {
  while (job.state === "queued" || job.state === "running") {
    onStep(job);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = await api("/api/jobs/" + encodeURIComponent(job.id));
  }
  if (job.state === "error") throw new Error(job.error || "the analysis failed");
  return job;
}

function workUrl(workId) { return "/work/" + encodeURIComponent(workId); }

/* ------------------------------------------------------------------------------------------- upload page */

function initIndex() {
  const form = document.getElementById("upload-form");
  const file = document.getElementById("file");
  const paste = document.getElementById("paste");
  const box = document.getElementById("job");
  const bar = document.getElementById("job-progress");
  const step = document.getElementById("job-step");
  const error = document.getElementById("job-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    let body, name;
    if (file.files.length) { body = file.files[0]; name = file.files[0].name; }
    else if (paste.value.trim()) { body = new Blob([paste.value], {type: "text/plain"}); name = "pasted.txt"; }
    else { error.textContent = "Choose a file or paste some text."; error.hidden = false; return; }
    if (body.size > Number(form.dataset.maxBytes)) {
      error.textContent = "The file is too large (the limit is " + Math.floor(form.dataset.maxBytes / 1048576) + " MiB).";
      error.hidden = false;
      return;
    }
    form.querySelector("button").disabled = true;
    box.hidden = false;
    step.textContent = "uploading";
    try {
      const job = await post("/api/jobs?name=" + encodeURIComponent(name), body, "application/octet-stream");
      const started = performance.now();
      const done = await waitForJob(job, (j) => {
        bar.value = j.fraction;
        step.textContent = j.step + " · " + Math.round((performance.now() - started) / 1000) + " s";
      });
      step.textContent = "done";
      window.location.assign(workUrl(done.work));
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      box.hidden = true;
      form.querySelector("button").disabled = false;
    }
  });
}

/* ------------------------------------------------------------------------------------------- library page */

function initLibrary() {
  const status = document.getElementById("open-status");
  for (const button of document.querySelectorAll("button.open-work")) {
    button.addEventListener("click", async () => {
      try {
        const job = await post("/api/library/" + encodeURIComponent(button.dataset.sha) + "/open", "", "text/plain");
        const done = await waitForJob(job, (j) => { status.textContent = "analysing " + button.textContent + ": " + j.step; });
        window.location.assign(workUrl(done.work));
      } catch (failure) {
        status.textContent = failure.message;
      }
    });
  }
}

/* ------------------------------------------------------------------------------------------- work page */

const state = {work: null, summary: null, cast: new Map(), selected: null, section: 0, utterances: {}};

function characterName(id) {
  const character = state.cast.get(id);
  return character ? character.name : "Unknown speaker";
}

function paint(node, id) {
  const character = state.cast.get(id);
  node.style.setProperty("--c", character ? character.colour : "#6b7280");
}

function select(id) {
  state.selected = state.selected === id ? null : id;
  document.body.classList.toggle("has-sel", state.selected !== null);
  for (const node of document.querySelectorAll("[data-char]")) {
    node.classList.toggle("sel", node.dataset.char === state.selected);
  }
  for (const node of document.querySelectorAll("[data-edge]")) {
    const ends = node.dataset.edge.split(" ");
    node.classList.toggle("sel", state.selected !== null && ends.includes(state.selected));
  }
  const character = state.cast.get(state.selected);
  document.getElementById("cast-count").textContent = character ? "· " + character.name : "";
  const editing = document.getElementById("edit-char");
  if (state.selected && editing) { editing.value = state.selected; editing.dispatchEvent(new Event("change")); }
}

function renderMeta(summary) {
  const stats = summary.stats;
  const parts = [stats.words.toLocaleString() + " words", stats.utterances + " quotations",
                 summary.sections.length + (summary.sections.length === 1 ? " chapter" : " chapters")];
  if (summary.fandom) parts.push("fandom: " + summary.fandom);
  if (summary.authors.length) parts.unshift("by " + summary.authors.join(", "));
  document.getElementById("work-meta").textContent = parts.join(" · ");
}

function chapterLabel(index) {
  if (index === null || index === undefined) return "";
  return String(index + 1);
}

function renderCast(summary) {
  const list = document.getElementById("cast");
  list.replaceChildren();
  for (const character of summary.cast) {
    const item = el("li", {"data-char": character.id});
    paint(item, character.id);
    const button = el("button", {type: "button", class: "who", "data-char": character.id});
    button.append(el("span", {class: "swatch", "aria-hidden": "true"}), el("span", {class: "name"}, character.name),
                  el("span", {class: "lines"}, String(character.lines)));
    button.addEventListener("click", () => select(character.id));
    item.append(button);
    const details = [character.gender];
    if (character.first !== null) {
      details.push(character.first === character.last ? "ch. " + chapterLabel(character.first)
                   : "ch. " + chapterLabel(character.first) + "–" + chapterLabel(character.last));
    }
    if (character.kind !== "named") details.push(character.kind);
    const facts = el("div", {class: "facts"}, details.join(" · "));
    if (character.first !== null) {
      facts.title = "first: " + summary.sections[character.first].title + "\nlast: " + summary.sections[character.last].title;
    }
    item.append(facts);
    if (character.aliases.length) item.append(el("div", {class: "aliases"}, character.aliases.join(", ")));
    list.append(item);
  }
  document.getElementById("cast-count").textContent = "";
}

/* -- reader */

function showDetail(uid, anchor) {
  const box = document.getElementById("detail");
  const utterance = state.utterances[uid];
  if (!utterance) return;
  box.replaceChildren();
  const head = el("p", {class: "detail-head"});
  head.append(el("strong", {}, characterName(utterance.speaker)));
  if (utterance.addressees.length) head.append(document.createTextNode(" → " + utterance.addressees.map(characterName).join(", ")));
  box.append(head,
    el("p", {}, utterance.kind + " · confidence " + utterance.confidence.toFixed(2)),
    el("p", {class: "muted"}, "speaker: " + utterance.evidence +
       (utterance.addressee_evidence ? " · addressee: " + utterance.addressee_evidence : "")));
  const close = el("button", {type: "button", class: "close", "aria-label": "Close"}, "×");
  close.addEventListener("click", () => { box.hidden = true; anchor.focus(); });
  box.append(close);
  box.hidden = false;
  const rect = anchor.getBoundingClientRect();
  const reader = document.getElementById("view-reader").getBoundingClientRect();
  box.style.top = (rect.bottom - reader.top + 6) + "px";
}

function hoverText(utterance) {
  let text = characterName(utterance.speaker);
  if (utterance.addressees.length) text += " → " + utterance.addressees.map(characterName).join(", ");
  return text + "\n" + utterance.kind + " · confidence " + utterance.confidence.toFixed(2) + "\nspeaker: " + utterance.evidence;
}

const MARK_LABELS = {author_note: "Author’s note", flashback: "Flashback", pov: "POV", scene_break: "Scene break"};

function renderParagraph(paragraph) {
  const p = el("p", {"data-start": paragraph.start, "data-end": paragraph.end});
  for (const mark of paragraph.marks) {
    p.classList.add("seg-" + mark.kind);
    if (mark.first && mark.kind !== "scene_break") {
      p.append(el("span", {class: "mark-label"}, MARK_LABELS[mark.kind] + (mark.title ? ": " + mark.title : "")));
    }
  }
  const seen = new Set();
  for (const [raw, uid, styles] of paragraph.pieces) {
    const text = styles.length ? el("span", {class: styles.map((style) => "em-" + style).join(" ")}, raw) : document.createTextNode(raw);
    if (uid === null) { p.append(text); continue; }
    const utterance = state.utterances[uid];
    if (!seen.has(uid)) {
      seen.add(uid);
      const chip = el("button", {type: "button", class: "chip", "data-char": utterance.speaker || "", tabindex: "-1"},
                      characterName(utterance.speaker));
      paint(chip, utterance.speaker);
      chip.addEventListener("click", () => { if (utterance.speaker) select(utterance.speaker); });
      p.append(chip);
    }
    const span = el("span", {class: "u u-" + utterance.kind + (utterance.confidence < 0.5 ? " unsure" : ""),
                             "data-u": uid, "data-char": utterance.speaker || "", tabindex: "0", title: hoverText(utterance)});
    span.append(text);
    paint(span, utterance.speaker);
    span.addEventListener("click", () => showDetail(uid, span));
    span.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); showDetail(uid, span); } });
    p.append(span);
  }
  return p;
}

async function loadSection(index, focusOffset, scroll = true) {
  const sections = state.summary.sections;
  index = Math.max(0, Math.min(sections.length - 1, index));
  const data = await api("/api/works/" + encodeURIComponent(state.work) + "/sections/" + index);
  state.section = index;
  state.utterances = data.utterances;
  const reader = document.getElementById("reader");
  const fragment = document.createDocumentFragment();
  for (const paragraph of data.paragraphs) fragment.append(renderParagraph(paragraph));
  const opening = fragment.firstChild;
  if (opening && opening.textContent.trim() === data.title.trim()) opening.classList.add("chapter-title");
  else fragment.prepend(el("h2", {class: "chapter-title"}, data.title));  // the text has no heading of its own
  reader.replaceChildren(fragment);
  document.getElementById("chapter-select").value = String(index);
  document.getElementById("prev").disabled = index === 0;
  document.getElementById("next").disabled = index === sections.length - 1;
  document.getElementById("detail").hidden = true;
  if (state.selected) { const keep = state.selected; state.selected = null; select(keep); }
  if (focusOffset !== undefined) {
    for (const p of reader.querySelectorAll("p[data-start]")) {
      if (Number(p.dataset.start) <= focusOffset && focusOffset < Number(p.dataset.end)) {
        p.classList.add("hit");
        p.scrollIntoView({block: "center"});
        break;
      }
    }
  } else if (scroll) {
    reader.scrollIntoView({block: "start"});
  }
}

function initReader(summary) {
  const choose = document.getElementById("chapter-select");
  choose.replaceChildren();
  summary.sections.forEach((section, index) => choose.append(el("option", {value: String(index)}, section.title)));
  choose.addEventListener("change", () => loadSection(Number(choose.value)));
  document.getElementById("prev").addEventListener("click", () => loadSection(state.section - 1));
  document.getElementById("next").addEventListener("click", () => loadSection(state.section + 1));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") document.getElementById("detail").hidden = true;
  });
  return loadSection(0, undefined, false);
}

/* -- graph: a small force layout computed once on all edges, so nodes keep their place as the slider moves */

const GRAPH_NODES = 40;
let GRAPH_SIZE = 560;  // set from the panel's width, so labels keep their size on a phone

function layout(nodes, links) {
  const count = nodes.length;
  const centre = GRAPH_SIZE / 2;
  nodes.forEach((node, i) => {
    const angle = 2 * Math.PI * i / Math.max(1, count);
    node.x = centre + centre * 0.6 * Math.cos(angle);
    node.y = centre + centre * 0.6 * Math.sin(angle);
  });
  const ideal = GRAPH_SIZE / Math.max(3, Math.sqrt(count) * 1.2);
  for (let step = 0; step < 220; step++) {
    const cool = 1 - step / 220;
    for (const a of nodes) { a.dx = (centre - a.x) * 0.005; a.dy = (centre - a.y) * 0.005; }
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(1, dx * dx + dy * dy);
        const push = ideal * ideal / d2;
        a.dx += dx * push * 0.05; a.dy += dy * push * 0.05; b.dx -= dx * push * 0.05; b.dy -= dy * push * 0.05;
      }
    }
    for (const link of links) {
      const a = link.a, b = link.b;
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const pull = (d - ideal) / d * 0.08;
      a.dx += dx * pull; a.dy += dy * pull; b.dx -= dx * pull; b.dy -= dy * pull;
    }
    for (const a of nodes) {
      const speed = Math.hypot(a.dx, a.dy), cap = 12 * cool + 0.5;
      const scale = speed > cap ? cap / speed : 1;
      a.x = Math.min(GRAPH_SIZE - 56, Math.max(56, a.x + a.dx * scale));
      a.y = Math.min(GRAPH_SIZE - 20, Math.max(20, a.y + a.dy * scale));
    }
  }
}

function initGraph(summary) {
  const talkers = new Set();
  for (const [s, a] of summary.edges) { talkers.add(s); talkers.add(a); }
  const chosen = summary.cast.filter((c) => c.lines > 0 || talkers.has(c.id)).slice(0, GRAPH_NODES);
  const byId = new Map(chosen.map((c) => [c.id, {id: c.id, character: c}]));
  const pairs = new Map();
  for (const [s, a, section, count] of summary.edges) {
    if (!byId.has(s) || !byId.has(a)) continue;
    const key = s < a ? s + " " + a : a + " " + s;
    if (!pairs.has(key)) pairs.set(key, {key: key, a: byId.get(s), b: byId.get(a), bySection: []});
    pairs.get(key).bySection.push([section, count]);
  }
  const nodes = [...byId.values()], links = [...pairs.values()];
  GRAPH_SIZE = Math.max(300, Math.min(640, document.querySelector(".main-panel").clientWidth - 40));
  layout(nodes, links);

  const box = document.getElementById("graph");
  const root = svg("svg", {viewBox: "0 0 " + GRAPH_SIZE + " " + GRAPH_SIZE, role: "img", "aria-label": "Conversation graph"});
  const edgeLayer = svg("g", {class: "edges"}), nodeLayer = svg("g", {class: "nodes"});
  root.append(edgeLayer, nodeLayer);
  for (const link of links) {
    link.line = svg("line", {x1: link.a.x, y1: link.a.y, x2: link.b.x, y2: link.b.y, "data-edge": link.key});
    link.title = svg("title");
    link.line.append(link.title);
    edgeLayer.append(link.line);
  }
  for (const node of nodes) {
    const group = svg("g", {class: "node", "data-char": node.id, tabindex: "0", role: "button",
                            transform: "translate(" + node.x.toFixed(1) + "," + node.y.toFixed(1) + ")"});
    group.setAttribute("aria-label", node.character.name);
    node.circle = svg("circle", {r: 6, fill: node.character.colour});
    const label = svg("text", {y: -10, "text-anchor": "middle"});
    label.textContent = node.character.name;
    group.append(node.circle, label);
    group.addEventListener("click", () => select(node.id));
    group.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(node.id); } });
    node.group = group;
    nodeLayer.append(group);
  }
  box.replaceChildren(root);
  if (!nodes.length) box.append(el("p", {class: "muted"}, "No one speaks to anyone we could name yet."));

  const slider = document.getElementById("graph-slider");
  const label = document.getElementById("graph-label");
  slider.max = String(summary.sections.length - 1);
  slider.value = slider.max;
  const draw = () => {
    const upTo = Number(slider.value);
    label.textContent = summary.sections[upTo].title;
    slider.setAttribute("aria-valuetext", summary.sections[upTo].title);
    const degree = new Map();
    for (const link of links) {
      const count = link.bySection.reduce((sum, [section, n]) => sum + (section <= upTo ? n : 0), 0);
      link.line.setAttribute("stroke-width", count ? String(Math.min(10, 1 + Math.sqrt(count) * 1.4)) : "0");
      link.line.classList.toggle("off", count === 0);
      link.title.textContent = link.a.character.name + " – " + link.b.character.name + ": " + count + " lines";
      degree.set(link.a.id, (degree.get(link.a.id) || 0) + count);
      degree.set(link.b.id, (degree.get(link.b.id) || 0) + count);
    }
    for (const node of nodes) {
      const lines = node.character.timeline.slice(0, upTo + 1).reduce((a, b) => a + b, 0);
      const present = node.character.first !== null && node.character.first <= upTo;
      node.circle.setAttribute("r", String(5 + Math.min(14, Math.sqrt(lines) * 1.5)));
      node.group.classList.toggle("off", !present && !degree.get(node.id));
    }
  };
  slider.addEventListener("input", draw);
  draw();
}

/* -- timeline */

const TIMELINE_ROWS = 25;

function initTimeline(summary) {
  const box = document.getElementById("timeline");
  box.replaceChildren();
  const rows = summary.cast.filter((c) => c.lines > 0).slice(0, TIMELINE_ROWS);
  const most = Math.max(1, ...rows.flatMap((c) => c.timeline));
  const count = summary.sections.length;
  const width = Math.max(count * 4, 200), barWidth = width / count;
  for (const character of rows) {
    const row = el("div", {class: "trow", "data-char": character.id});
    paint(row, character.id);
    const name = el("button", {type: "button", class: "who", "data-char": character.id}, character.name);
    name.addEventListener("click", () => select(character.id));
    const chart = svg("svg", {viewBox: "0 0 " + width + " 30", preserveAspectRatio: "none", class: "bars"});
    character.timeline.forEach((n, section) => {
      if (!n) return;
      const height = 2 + 28 * n / most;
      const bar = svg("rect", {x: section * barWidth, y: 30 - height, width: Math.max(1, barWidth - 1), height: height, fill: character.colour});
      const tip = svg("title");
      tip.textContent = summary.sections[section].title + ": " + n + (n === 1 ? " line" : " lines");
      bar.append(tip);
      chart.append(bar);
    });
    row.append(name, chart, el("span", {class: "lines"}, String(character.lines)));
    box.append(row);
  }
  if (!rows.length) box.append(el("p", {class: "muted"}, "No attributed lines."));
}

/* -- search */

function initSearch() {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const list = document.getElementById("search-results");
  const count = document.getElementById("search-count");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    list.replaceChildren();
    if (!input.value.trim()) return;
    try {
      const data = await api("/api/works/" + encodeURIComponent(state.work) + "/search?q=" + encodeURIComponent(input.value));
      count.textContent = data.hits.length + (data.truncated ? "+" : "") + (data.hits.length === 1 ? " match" : " matches");
      for (const hit of data.hits) {
        const button = el("button", {type: "button", class: "hit-link"});
        button.append(el("span", {class: "muted"}, state.summary.sections[hit.section].title + ": "),
                      document.createTextNode("…" + hit.before), el("mark", {}, hit.match), document.createTextNode(hit.after + "…"));
        button.addEventListener("click", async () => { showTab("reader"); await loadSection(hit.section, hit.offset); });
        const item = el("li");
        item.append(button);
        list.append(item);
      }
    } catch (failure) {
      count.textContent = failure.message;
    }
  });
}

/* -- tabs */

function showTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.id === "tab-" + name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

function initTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => showTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      showTab(next.id.slice(4));
      next.focus();
    });
  });
}

/* -- cast editing */

function initEditing(summary) {
  const form = document.getElementById("edit-form");
  const who = document.getElementById("edit-char"), op = document.getElementById("edit-op");
  const target = document.getElementById("edit-target"), alias = document.getElementById("edit-alias");
  const name = document.getElementById("edit-name"), gender = document.getElementById("edit-gender");
  const status = document.getElementById("edit-status");
  for (const select of [who, target]) {
    select.replaceChildren();
    for (const character of summary.cast) select.append(el("option", {value: character.id}, character.name + " (" + character.lines + ")"));
  }
  const sync = () => {
    const character = state.cast.get(who.value);
    for (const box of form.querySelectorAll(".op")) box.hidden = !box.classList.contains("op-" + op.value);
    alias.replaceChildren();
    for (const a of character ? character.aliases : []) alias.append(el("option", {value: a}, a));
    if (op.value === "split") name.value = "";
    else if (character && op.value === "rename" && !name.value) name.value = character.name;
    if (character) gender.value = character.gender;
  };
  who.addEventListener("change", () => { name.value = ""; sync(); });
  op.addEventListener("change", sync);
  sync();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const change = {op: op.value, character: who.value, name: name.value, target: target.value, alias: alias.value, gender: gender.value};
    form.querySelector("button").disabled = true;
    status.textContent = "re-running the analysis…";
    try {
      const job = await post("/api/works/" + encodeURIComponent(state.work) + "/cast", JSON.stringify(change), "application/json");
      const done = await waitForJob(job, (j) => { status.textContent = "re-running: " + j.step; });
      window.location.assign(workUrl(done.work) + "#edited");
    } catch (failure) {
      status.textContent = failure.message;
      form.querySelector("button").disabled = false;
    }
  });
}

async function initWork() {
  state.work = document.body.dataset.work;
  const summary = await api("/api/works/" + encodeURIComponent(state.work));
  state.summary = summary;
  state.cast = new Map(summary.cast.map((c) => [c.id, c]));
  renderMeta(summary);
  document.getElementById("reader").classList.toggle("wrapped", summary.hard_wrapped);
  renderCast(summary);
  initTabs();
  initGraph(summary);
  initTimeline(summary);
  initSearch();
  initEditing(summary);
  await initReader(summary);
  if (window.location.hash === "#edited") document.getElementById("cast-edit").open = true;
  document.body.classList.add("ready");
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "index") initIndex();
  if (page === "library") initLibrary();
  if (page === "work") initWork().catch((failure) => {
    const reader = document.getElementById("reader");
    reader.replaceChildren(el("p", {class: "error", role: "alert"}, failure.message));
  });
});
