// Click-to-load for embeds: a placeholder becomes its sandboxed frame only when a
// person clicks its button. Nothing here contacts the provider before that click.
(function () {
  "use strict";

  function frameFor(holder) {
    var src = holder.getAttribute("data-embed-src") || "";
    var url;
    try {
      url = new URL(src);
    } catch (error) {
      return null;
    }
    if (url.protocol !== "https:") {
      return null;
    }
    var frame = document.createElement("iframe");
    frame.setAttribute("sandbox", holder.getAttribute("data-embed-sandbox") || "");
    frame.setAttribute("allow", holder.getAttribute("data-embed-allow") || "");
    frame.setAttribute("title", holder.getAttribute("data-embed-title") || "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    if ((holder.getAttribute("data-embed-allow") || "").indexOf("fullscreen") !== -1) {
      frame.setAttribute("allowfullscreen", "");
    }
    frame.src = url.href;
    return frame;
  }

  function load(holder) {
    var frame = frameFor(holder);
    if (!frame) {
      return;
    }
    holder.replaceChildren(frame);
    holder.classList.remove("embed-placeholder");
    holder.classList.add("embed-frame");
    frame.focus();
  }

  function prepare(holder) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed-load";
    button.textContent = holder.getAttribute("data-embed-button") || "Load";
    button.addEventListener("click", function () {
      load(holder);
    });
    var notice = holder.querySelector(".embed-notice");
    holder.insertBefore(button, notice ? notice.nextSibling : holder.firstChild);
  }

  function start() {
    document.querySelectorAll("div.embed-placeholder[data-embed-src]").forEach(prepare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
