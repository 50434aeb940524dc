/* etwincms, every page: a collapsible page tree that those allowed can rearrange by
 * drag and drop or from the keyboard, and forgetting unsaved drafts at sign-out.
 *
 * Progressive enhancement only: without this script the tree is a nested list of links
 * (moving pages is done from a page's Settings) and nothing else changes.
 */
(function () {
  "use strict";

  function element(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return {};
    }
  }

  // Shared with the page scripts (editor.js, uploads.js), which load after this file.
  window.etwincms = Object.freeze({ element, parseJson });

  /* Shared school computers: signing out forgets the drafts this browser kept. */
  function forgetDraftsOnSignOut() {
    document.querySelectorAll("form[data-sign-out]").forEach((form) => {
      form.addEventListener("submit", () => {
        for (const key of Object.keys(localStorage)) {
          if (key.startsWith("etwincms:draft:")) localStorage.removeItem(key);
        }
      });
    });
  }

  /* ---------------------------------------------------------------- collapsing */

  function collapsedKey(tree) {
    return `etwincms:collapsed:${tree.dataset.space}`;
  }

  function readCollapsed(tree) {
    try {
      return new Set(JSON.parse(localStorage.getItem(collapsedKey(tree)) || "[]"));
    } catch (error) {
      return new Set();
    }
  }

  function addToggle(tree, item, collapsed) {
    const branch = item.querySelector(":scope > ul");
    const link = item.querySelector(":scope > a");
    if (!branch || item.querySelector(":scope > .tree-toggle")) return;
    const toggle = element("button", { type: "button", class: "tree-toggle" });
    const holdsCurrent = branch.querySelector("[aria-current=page]") !== null;
    const show = (open) => {
      branch.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      const label = open ? tree.t.collapse : tree.t.expand;
      toggle.setAttribute("aria-label", label.replace("{title}", link.textContent));
    };
    toggle.addEventListener("click", () => {
      const open = branch.hidden;
      show(open);
      const state = readCollapsed(tree);
      if (open) state.delete(item.dataset.pageId);
      else state.add(item.dataset.pageId);
      localStorage.setItem(collapsedKey(tree), JSON.stringify([...state]));
    });
    item.prepend(toggle);
    show(holdsCurrent || !collapsed.has(item.dataset.pageId));
  }

  function refreshToggles(tree) {
    const collapsed = readCollapsed(tree);
    tree.querySelectorAll("li").forEach((item) => {
      const branch = item.querySelector(":scope > ul");
      const toggle = item.querySelector(":scope > .tree-toggle");
      if (branch && !branch.children.length) branch.remove();
      if (toggle && !item.querySelector(":scope > ul")) toggle.remove();
      addToggle(tree, item, collapsed);
    });
  }

  /* ---------------------------------------------------------------- moving */

  function parentId(item) {
    const parent = item.parentElement.closest("li[data-page-id]");
    return parent ? parent.dataset.pageId : "";
  }

  function position(item) {
    return [...item.parentElement.children].indexOf(item);
  }

  async function saveMove(tree, item, oldRoot, restore) {
    const data = new FormData();
    data.append("page", item.dataset.pageId);
    data.append("parent", parentId(item));
    data.append("position", String(position(item)));
    const title = item.querySelector(":scope > a").textContent;
    try {
      const response = await fetch(tree.dataset.moveUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": tree.dataset.csrf, Accept: "application/json" },
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer.error || tree.t.failed);
      rebase(tree, item, oldRoot, answer.path);
      tree.say(tree.t.moved.replace("{title}", title).replace("{n}", position(item) + 1));
    } catch (error) {
      restore();
      tree.say(`${title}: ${error.message}`);
    }
    refreshToggles(tree);
  }

  /* The moved page and its subpages have new addresses: fix their links in place. */
  function rebase(tree, item, oldRoot, newRoot) {
    item.querySelectorAll("a[data-path]").forEach((link) => {
      const path = newRoot + link.dataset.path.slice(oldRoot.length);
      link.dataset.path = path;
      link.href = tree.dataset.base + path;
    });
  }

  function moveItem(tree, item, place) {
    const before = { parent: item.parentElement, next: item.nextElementSibling };
    const restore = () => before.parent.insertBefore(item, before.next);
    const link = item.querySelector(":scope > a");
    if (!place(item)) return;
    saveMove(tree, item, link.dataset.path, restore).finally(() => link.focus());
  }

  function childList(item) {
    let branch = item.querySelector(":scope > ul");
    if (!branch) {
      branch = element("ul");
      item.append(branch);
    }
    branch.hidden = false;
    return branch;
  }

  /* Alt+arrows: up/down among siblings, right into the page above, left out of the parent. */
  const KEY_MOVES = {
    ArrowUp: (item) => {
      const above = item.previousElementSibling;
      if (above) above.before(item);
      return Boolean(above);
    },
    ArrowDown: (item) => {
      const below = item.nextElementSibling;
      if (below) below.after(item);
      return Boolean(below);
    },
    ArrowRight: (item) => {
      const above = item.previousElementSibling;
      if (above) childList(above).append(item);
      return Boolean(above);
    },
    ArrowLeft: (item) => {
      const parent = item.parentElement.closest("li[data-page-id]");
      if (parent) parent.after(item);
      return Boolean(parent);
    },
  };

  function onKey(tree, event) {
    const link = event.target.closest("a[data-path]");
    const move = event.altKey && KEY_MOVES[event.key];
    if (!link || !move) return;
    event.preventDefault();
    moveItem(tree, link.parentElement, move);
  }

  /* Where on the target a drop lands: its top quarter before it, its bottom quarter
   * after it, and its middle inside it (as its last subpage). */
  function dropZone(target, event) {
    const box = target.querySelector(":scope > a").getBoundingClientRect();
    const offset = (event.clientY - box.top) / box.height;
    if (offset < 0.25) return "before";
    return offset > 0.75 ? "after" : "inside";
  }

  function enableDragging(tree) {
    let dragged = null;
    const clear = () => tree.querySelectorAll("[data-drop]").forEach((node) => delete node.dataset.drop);
    tree.querySelectorAll("li[data-page-id]").forEach((item) => item.setAttribute("draggable", "true"));
    tree.addEventListener("dragstart", (event) => {
      dragged = event.target.closest("li[data-page-id]");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.pageId);
    });
    tree.addEventListener("dragover", (event) => {
      const target = event.target.closest("li[data-page-id]");
      if (!dragged || !target || dragged.contains(target)) return;
      event.preventDefault();
      clear();
      target.dataset.drop = dropZone(target, event);
    });
    tree.addEventListener("dragleave", clear);
    tree.addEventListener("dragend", () => { clear(); dragged = null; });
    tree.addEventListener("drop", (event) => {
      const target = event.target.closest("li[data-page-id]");
      if (!dragged || !target || dragged.contains(target)) return;
      event.preventDefault();
      const zone = dropZone(target, event);
      const item = dragged;
      clear();
      moveItem(tree, item, (node) => {
        if (zone === "before") target.before(node);
        else if (zone === "after") target.after(node);
        else childList(target).append(node);
        return true;
      });
    });
  }

  function setupTree(tree) {
    tree.t = JSON.parse(tree.dataset.i18n);
    const status = element("p", { class: "visually-hidden", role: "status" });
    tree.after(status);
    tree.say = (message) => { status.textContent = message; };
    refreshToggles(tree);
    if (!tree.dataset.moveUrl) return;
    const hint = element("p", { class: "meta tree-hint", id: `${tree.id}-hint` }, tree.t.hint);
    tree.after(hint);
    tree.querySelectorAll("a[data-path]").forEach((link) => link.setAttribute("aria-describedby", hint.id));
    tree.addEventListener("keydown", (event) => onKey(tree, event));
    enableDragging(tree);
  }

  function start() {
    forgetDraftsOnSignOut();
    document.querySelectorAll("ul.tree[data-i18n]").forEach(setupTree);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
