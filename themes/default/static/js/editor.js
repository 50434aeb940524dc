/* etwincms page editor: toolbar, live preview, [[ suggestions, uploads, drafts.
 *
 * Progressive enhancement of a `.md-editor` block: without this script the form is a
 * plain textarea that saves normally. Everything the script needs (URLs, the draft key,
 * translated labels) comes from data attributes, so templates hold no inline code and a
 * strict Content-Security-Policy can forbid inline scripts.
 */
(function () {
  "use strict";

  const DRAFT_DAYS = 7;

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  const { element, parseJson } = window.etwincms; // from site.js

  /* ---------------------------------------------------------------- editing text */

  /* Replace the selection with `text`, keeping the browser's undo history where it can. */
  function insertText(area, text, selectFrom, selectTo) {
    const start = area.selectionStart;
    area.focus();
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) {
      area.setSelectionRange(start + selectFrom, start + (selectTo ?? selectFrom));
    }
  }

  function selected(area) {
    return area.value.slice(area.selectionStart, area.selectionEnd);
  }

  function wrap(area, mark, placeholder) {
    const inner = selected(area) || placeholder;
    insertText(area, mark + inner + mark, mark.length, mark.length + inner.length);
  }

  /* Select whole lines around the selection so line prefixes apply to each of them. */
  function selectLines(area) {
    const value = area.value;
    const start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    let end = value.indexOf("\n", area.selectionEnd);
    if (end === -1 || (area.selectionEnd > area.selectionStart && value[area.selectionEnd - 1] === "\n")) {
      end = end === -1 ? value.length : area.selectionEnd - 1;
    }
    area.setSelectionRange(start, end);
  }

  function prefixLines(area, prefixFor) {
    selectLines(area);
    const lines = selected(area).split("\n");
    const text = lines.map((line, i) => prefixFor(i) + line).join("\n");
    insertText(area, text, 0, text.length);
  }

  function blankLineBefore(area) {
    const before = area.value.slice(0, area.selectionStart);
    if (!before || before.endsWith("\n\n")) return "";
    return before.endsWith("\n") ? "\n" : "\n\n";
  }

  const ACTIONS = {
    heading: (area) => prefixLines(area, () => "## "),
    bold: (area, t) => wrap(area, "**", t.bold_text),
    italic: (area, t) => wrap(area, "*", t.italic_text),
    bullets: (area) => prefixLines(area, () => "- "),
    numbers: (area) => prefixLines(area, (i) => `${i + 1}. `),
    link: (area, t) => {
      const label = selected(area) || t.link_text;
      const text = `[${label}](https://)`;
      insertText(area, text, label.length + 3, text.length - 1);
    },
    pagelink: (area) => insertText(area, "[["),
    table: (area, t) => {
      const gap = blankLineBefore(area);
      const text = `${gap}| ${t.column} 1 | ${t.column} 2 |\n| --- | --- |\n|   |   |\n`;
      insertText(area, text, gap.length + 2, gap.length + 2 + t.column.length + 2);
    },
  };

  /* ---------------------------------------------------------------- the toolbar */

  const TOOLBAR = [
    // Plain glyphs and words: school computers often lack an emoji font.
    ["heading", "H"], ["bold", "B"], ["italic", "I"], ["bullets", "• –"], ["numbers", "1."],
    ["link", "Link"], ["pagelink", "[[ ]]"], ["table", "▦"], ["image", "⇪"],
  ];

  function buildToolbar(editor) {
    const bar = element("div", { role: "toolbar", class: "md-toolbar", "aria-label": editor.t.toolbar, "aria-controls": editor.area.id });
    TOOLBAR.forEach(([name, glyph], index) => {
      if (name === "image" && !editor.uploadUrl) return;
      // The name is text (not aria-label) so that it and the visible glyph never disagree.
      const button = element("button", { type: "button", "data-action": name, title: editor.t[name], tabindex: index === 0 ? "0" : "-1" });
      button.append(element("span", { "aria-hidden": "true" }, glyph), element("span", { class: "visually-hidden" }, editor.t[name]));
      bar.append(button);
    });
    bar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) runAction(editor, button.dataset.action);
    });
    bar.addEventListener("keydown", (event) => moveToolbarFocus(bar, event));
    return bar;
  }

  /* One tab stop for the whole toolbar; arrow keys move between its buttons. */
  function moveToolbarFocus(bar, event) {
    const buttons = [...bar.querySelectorAll("button")];
    const index = buttons.indexOf(document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: buttons.length - 1 - index }[event.key];
    if (index === -1 || step === undefined) return;
    event.preventDefault();
    const next = buttons[(index + step + buttons.length) % buttons.length];
    buttons.forEach((b) => b.setAttribute("tabindex", b === next ? "0" : "-1"));
    next.focus();
  }

  function runAction(editor, name) {
    if (name === "image") {
      editor.filePicker.click();
      return;
    }
    ACTIONS[name](editor.area, editor.t);
    if (name === "pagelink") editor.suggest();
  }

  const SHORTCUTS = { b: "bold", i: "italic", k: "link" };

  function onShortcut(editor, event) {
    const name = (event.ctrlKey || event.metaKey) && !event.altKey && SHORTCUTS[event.key.toLowerCase()];
    if (!name) return false;
    event.preventDefault();
    runAction(editor, name);
    return true;
  }

  /* ---------------------------------------------------------------- live preview */

  function setupPreview(editor) {
    const panel = element("div", { class: "md-preview content", id: editor.area.id + "-preview", "aria-label": editor.t.preview, role: "region" });
    const toggle = element("button", { type: "button", class: "md-preview-toggle link", "aria-controls": panel.id }, "");
    const remembered = localStorage.getItem("etwincms:preview") !== "off";
    const show = (on) => {
      panel.hidden = !on;
      toggle.setAttribute("aria-expanded", String(on));
      toggle.textContent = on ? editor.t.hide_preview : editor.t.show_preview;
      localStorage.setItem("etwincms:preview", on ? "on" : "off");
      if (on) refresh();
    };
    const refresh = debounce(() => renderPreview(editor, panel), 400);
    toggle.addEventListener("click", () => show(panel.hidden));
    editor.area.addEventListener("input", () => { if (!panel.hidden) refresh(); });
    editor.root.append(toggle, panel);
    show(remembered);
  }

  async function renderPreview(editor, panel) {
    const data = new FormData();
    data.append("body", editor.area.value);
    if (editor.pageId) data.append("page", editor.pageId);
    try {
      const answer = await postForm(editor, editor.previewUrl, data);
      // The server renders with the same Markdown pipeline and sanitizer as a save.
      panel.innerHTML = answer.html;
      panel.classList.remove("md-preview-stale");
    } catch (error) {
      panel.classList.add("md-preview-stale");
      editor.say(error.message || editor.t.preview_failed, true);
    }
  }

  async function postForm(editor, url, data) {
    const response = await fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": editor.csrf, Accept: "application/json" },
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || editor.t.session_problem);
    return answer;
  }

  /* ---------------------------------------------------------------- [[ suggestions */

  const TYPED_LINK = /\[\[([^\[\]\n|]{0,80})$/;

  function setupSuggestions(editor) {
    const list = element("ul", { role: "listbox", class: "md-suggestions", id: editor.area.id + "-suggestions", "aria-label": editor.t.suggestions });
    list.hidden = true;
    editor.area.setAttribute("aria-autocomplete", "list");
    editor.area.setAttribute("aria-controls", list.id);
    editor.area.after(list);
    let active = -1;
    let options = [];
    const close = () => {
      list.hidden = true;
      active = -1;
      editor.area.removeAttribute("aria-activedescendant");
    };
    const highlight = (index) => {
      active = index;
      options.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      editor.area.setAttribute("aria-activedescendant", options[index].id);
    };
    const choose = (title) => {
      const match = typedLink(editor.area);
      if (!match) return close();
      editor.area.setSelectionRange(editor.area.selectionStart - match.length, editor.area.selectionStart);
      insertText(editor.area, `[[${title}]]`);
      close();
      editor.say("");
    };
    const lookup = debounce(async () => {
      const typed = typedLink(editor.area);
      if (typed === null) return close();
      const url = `${editor.titlesUrl}?q=${encodeURIComponent(typed.slice(2))}`;
      const answer = await fetch(url, { credentials: "same-origin" }).then((r) => r.json()).catch(() => ({ pages: [] }));
      options = answer.pages.map((page, i) => {
        const li = element("li", { role: "option", id: `${list.id}-${i}`, "aria-selected": "false" }, page.title);
        li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(page.title); });
        return li;
      });
      list.replaceChildren(...options);
      list.hidden = options.length === 0;
      editor.say(options.length ? editor.t.matches.replace("{n}", options.length) : editor.t.no_matches);
      if (options.length) highlight(0);
    }, 150);
    editor.suggest = lookup;
    editor.area.addEventListener("input", lookup);
    editor.area.addEventListener("blur", () => setTimeout(close, 150));
    editor.area.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      const keys = {
        ArrowDown: () => highlight((active + 1) % options.length),
        ArrowUp: () => highlight((active - 1 + options.length) % options.length),
        Enter: () => choose(options[active].textContent),
        Tab: () => choose(options[active].textContent),
        Escape: close,
      };
      if (keys[event.key]) {
        event.preventDefault();
        keys[event.key]();
      }
    });
  }

  /* The `[[text` just before the caret, or null. */
  function typedLink(area) {
    if (area.selectionStart !== area.selectionEnd) return null;
    const match = TYPED_LINK.exec(area.value.slice(Math.max(0, area.selectionStart - 90), area.selectionStart));
    return match ? match[0] : null;
  }

  /* ---------------------------------------------------------------- uploads */

  function setupUploads(editor) {
    if (!editor.uploadUrl) return;
    editor.filePicker = element("input", { type: "file", multiple: "", hidden: "", "aria-hidden": "true", tabindex: "-1" });
    editor.filePicker.addEventListener("change", () => {
      uploadAll(editor, editor.filePicker.files);
      editor.filePicker.value = "";
    });
    editor.root.append(editor.filePicker);
    const area = editor.area;
    area.addEventListener("dragover", (event) => {
      if (hasFiles(event.dataTransfer)) {
        event.preventDefault();
        area.classList.add("md-dropping");
      }
    });
    area.addEventListener("dragleave", () => area.classList.remove("md-dropping"));
    area.addEventListener("drop", (event) => {
      area.classList.remove("md-dropping");
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      uploadAll(editor, event.dataTransfer.files);
    });
    area.addEventListener("paste", (event) => {
      if (!event.clipboardData || !event.clipboardData.files.length) return;
      event.preventDefault();
      uploadAll(editor, event.clipboardData.files);
    });
  }

  function hasFiles(transfer) {
    return Boolean(transfer) && [...transfer.types].includes("Files");
  }

  function uploadAll(editor, files) {
    [...files].forEach((file) => uploadOne(editor, file));
  }

  /* Insert a placeholder at the caret, upload, then swap in the Markdown for the file. */
  function uploadOne(editor, file) {
    const marker = `![${editor.t.uploading} ${file.name}…]()`;
    insertText(editor.area, marker);
    const progress = element("progress", { max: "100", value: "0", "aria-label": `${editor.t.uploading} ${file.name}` });
    editor.progress.append(progress);
    const data = new FormData();
    data.append("file", file, file.name);
    data.append("csrf_token", editor.csrf);
    if (editor.pageId) data.append("page", editor.pageId);
    const request = new XMLHttpRequest();
    request.open("POST", editor.uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", editor.csrf);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
    });
    request.addEventListener("loadend", () => {
      progress.remove();
      const answer = parseJson(request.responseText);
      const ok = request.status >= 200 && request.status < 300 && answer.materials;
      replaceText(editor.area, marker, ok ? answer.materials.map((m) => m.markdown).join("\n") : "");
      editor.say(ok ? editor.t.uploaded.replace("{name}", file.name) : `${file.name}: ${answer.error || editor.t.upload_failed}`, !ok);
    });
    request.send(data);
  }

  function replaceText(area, old, replacement) {
    const at = area.value.indexOf(old);
    if (at === -1) return;
    const [start, end] = [area.selectionStart, area.selectionEnd];
    area.setRangeText(replacement, at, at + old.length, "preserve");
    const shift = (pos) => (pos > at ? pos + replacement.length - old.length : pos);
    area.setSelectionRange(shift(start), shift(end));
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  /* ---------------------------------------------------------------- drafts */

  function setupDrafts(editor) {
    const form = editor.form;
    const key = editor.draftKey;
    if (!key) return;
    forgetOldDrafts();
    const fields = ["title", "body", "summary"].map((name) => form.elements[name]).filter(Boolean);
    const base = form.elements.base;
    const stored = parseJson(localStorage.getItem(key) || "null");
    const same = (draft) => fields.every((field) => (draft[field.name] || "") === field.value);
    if (stored && !same(stored)) offerDraft(editor, stored, fields, base);
    else if (stored) localStorage.removeItem(key);
    let submitting = false;
    const save = debounce(() => {
      const draft = { savedAt: Date.now(), base: base ? base.value : null };
      fields.forEach((field) => { draft[field.name] = field.value; });
      localStorage.setItem(key, JSON.stringify(draft));
      editor.dirty = true;
    }, 600);
    fields.forEach((field) => field.addEventListener("input", save));
    form.addEventListener("submit", () => { submitting = true; });
    window.addEventListener("beforeunload", (event) => {
      if (editor.dirty && !submitting) event.preventDefault();
    });
  }

  /* Show "restore / discard" for text typed here earlier and never saved. */
  function offerDraft(editor, draft, fields, base) {
    const when = new Date(draft.savedAt).toLocaleString();
    const box = element("div", { class: "flash md-draft", role: "status" });
    box.append(element("p", {}, editor.t.draft_found.replace("{when}", when)));
    const restore = element("button", { type: "button" }, editor.t.restore);
    const discard = element("button", { type: "button", class: "link" }, editor.t.discard);
    box.append(restore, " ", discard);
    restore.addEventListener("click", () => {
      fields.forEach((field) => { field.value = draft[field.name] || ""; });
      // Save against the revision the draft started from: if the page changed since,
      // the server shows the conflict screen and merges instead of overwriting.
      if (base && draft.base) base.value = draft.base;
      editor.area.dispatchEvent(new Event("input", { bubbles: true }));
      box.remove();
      editor.area.focus();
    });
    discard.addEventListener("click", () => {
      localStorage.removeItem(editor.draftKey);
      box.remove();
      editor.area.focus();
    });
    editor.form.prepend(box);
  }

  function forgetOldDrafts() {
    const limit = Date.now() - DRAFT_DAYS * 24 * 3600 * 1000;
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith("etwincms:draft:")) continue;
      const draft = parseJson(localStorage.getItem(key));
      if (!draft || !draft.savedAt || draft.savedAt < limit) localStorage.removeItem(key);
    }
  }

  /* ---------------------------------------------------------------- wiring */

  function setup(root) {
    const area = root.querySelector("textarea");
    const form = area.form;
    const editor = {
      root, area, form,
      t: JSON.parse(root.dataset.i18n),
      csrf: form.elements.csrf_token.value,
      pageId: root.dataset.pageId || "",
      previewUrl: root.dataset.previewUrl,
      titlesUrl: root.dataset.titlesUrl,
      uploadUrl: root.dataset.uploadUrl || "",
      draftKey: root.dataset.draftKey || "",
      dirty: false,
      suggest: () => {},
    };
    const status = element("p", { class: "md-status meta", role: "status", "aria-live": "polite" });
    editor.progress = element("div", { class: "md-progress" });
    editor.say = (message, isError) => {
      status.textContent = message;
      status.classList.toggle("md-status-error", Boolean(isError));
    };
    setupUploads(editor);
    area.before(buildToolbar(editor));
    area.after(editor.progress, status);
    area.addEventListener("keydown", (event) => onShortcut(editor, event));
    setupSuggestions(editor);
    setupPreview(editor);
    setupDrafts(editor);
  }

  function start() {
    document.querySelectorAll(".md-editor[data-i18n]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
