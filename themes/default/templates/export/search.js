/* The export's search: plain JavaScript over window.EXPORT_INDEX (assets/search-index.js).
   No library and no network: it runs from file:// too. */
(function () {
  "use strict";
  var MAX_RESULTS = 30;

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(function (word) { return word.length > 0; });
  }

  function matches(entry, wanted) {
    var haystack = (entry.title + " " + entry.text).toLowerCase();
    return wanted.every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  function snippet(entry, wanted) {
    var text = entry.text;
    var found = text.toLowerCase().indexOf(wanted[0]);
    var start = found > 60 ? text.lastIndexOf(" ", found - 60) + 1 : 0;
    var end = text.indexOf(" ", Math.min(text.length, start + 200));
    end = end === -1 ? text.length : end;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function show(form, query) {
    var root = document.body.getAttribute("data-root") || "";
    var section = document.querySelector("[data-export-results]");
    var list = section.querySelector("[data-export-list]");
    var count = section.querySelector("[data-export-count]");
    var wanted = words(query);
    var found = wanted.length ? (window.EXPORT_INDEX || []).filter(function (entry) {
      return matches(entry, wanted);
    }) : [];
    list.textContent = "";
    found.slice(0, MAX_RESULTS).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.path;
      link.textContent = entry.title;
      var text = document.createElement("p");
      text.textContent = snippet(entry, wanted);
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
    count.textContent = found.length
      ? count.getAttribute("data-some").replace("{count}", String(found.length))
      : count.getAttribute("data-none");
    section.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-export-search]");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(form, form.elements.q.value);
    });
  });
})();
