// The gallery's page scripts: a batch upload with a progress bar, and a lightbox.
// Both improve pages that work without them: the upload form posts normally and every
// thumbnail links to its item's page.
(function () {
  "use strict";

  function setupUpload(form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector(".gallery-upload-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      status.textContent = "";
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.value = Math.round((100 * progress.loaded) / progress.total);
        }
      });
      request.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
        if (request.status === 201) {
          bar.value = 100;
          status.textContent = [answer.message].concat(answer.notes || []).join(" ");
          window.setTimeout(function () { window.location.reload(); }, answer.notes && answer.notes.length ? 2500 : 300);
        } else {
          bar.hidden = true;
          status.textContent = answer.error || form.dataset.error.replace("{status}", request.status);
          status.classList.add("flash-error");
        }
      });
      request.addEventListener("error", function () {
        bar.hidden = true;
        status.textContent = form.dataset.failed;
      });
      request.send(new FormData(form));
    });
  }

  function setupLightbox(grid, dialog) {
    var links = Array.prototype.slice.call(grid.querySelectorAll("a[data-kind]"));
    var media = dialog.querySelector(".gallery-lightbox-media");
    var caption = dialog.querySelector("figcaption");
    var details = dialog.querySelector(".gallery-lightbox-details");
    var current = 0;
    var opener = null;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      media.textContent = "";
      var shown;
      if (link.dataset.kind === "video") {
        shown = document.createElement("video");
        shown.controls = true;
        shown.src = link.dataset.video;
        if (link.dataset.poster) { shown.poster = link.dataset.poster; }
      } else {
        shown = document.createElement("img");
        shown.src = link.dataset.large;
        shown.alt = link.dataset.alt;
      }
      media.appendChild(shown);
      caption.textContent = link.dataset.caption || "";
      details.href = link.href;
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        dialog.querySelector(".gallery-close").focus();
      });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
      if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
    });
    dialog.querySelector(".gallery-next").addEventListener("click", function () { show(current + 1); });
    dialog.querySelector(".gallery-previous").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".gallery-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      media.textContent = "";  // stops a playing video
      if (opener) { opener.focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-gallery-upload]").forEach(setupUpload);
    var grid = document.querySelector("[data-gallery-lightbox]");
    var dialog = document.querySelector("dialog.gallery-lightbox");
    if (grid && dialog) { setupLightbox(grid, dialog); }
  });
}());
