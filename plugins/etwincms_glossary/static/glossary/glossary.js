// Glossary tooltips: Escape hides the tooltip under the pointer or focus (WCAG 1.4.13);
// it shows again when the pointer or focus comes back to the term.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".glossary-term:hover, .glossary-term:focus-within")
      .forEach(function (term) { term.classList.add("glossary-dismissed"); });
  });
  document.addEventListener("focusin", function (event) {
    var term = event.target.closest && event.target.closest(".glossary-term");
    if (term) term.classList.remove("glossary-dismissed");
  });
  document.addEventListener("mouseenter", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("glossary-term")) {
      target.classList.remove("glossary-dismissed");
    }
  }, true);
})();
