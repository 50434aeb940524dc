/* etwincms materials library: upload the chosen files one by one with a progress bar each.
 *
 * Progressive enhancement only: without this script the form is a plain multipart POST
 * and the server redirects back with a message. With it, each file goes to the same
 * address asking for JSON ({"materials": [...]} or {"error": "..."}), its <progress>
 * fills as it is sent, and when every file has arrived the library is reloaded with the
 * count to announce. A file the server refuses keeps its row with the reason.
 */
(function () {
  "use strict";

  const { element, parseJson } = window.etwincms; // from site.js

  function progressRow(form, list, file) {
    const row = element("li", { class: "upload-row" });
    const label = `${form.dataset.uploading} ${file.name}`;
    const bar = element("progress", { max: "100", value: "0", "aria-label": label });
    const status = element("span", { class: "upload-status" });
    row.append(element("span", { class: "upload-name" }, file.name), bar, status);
    list.append(row);
    return { bar, status };
  }

  /* Send one file; resolve with true when stored, false (reason shown) otherwise. */
  function uploadOne(form, list, file) {
    const { bar, status } = progressRow(form, list, file);
    const data = new FormData();
    data.append("file", file, file.name);
    data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) bar.value = Math.round((100 * event.loaded) / event.total);
      });
      request.addEventListener("loadend", () => {
        const answer = parseJson(request.responseText);
        const ok = request.status === 201 && Array.isArray(answer.materials);
        bar.value = ok ? 100 : bar.value;
        status.textContent = ok ? "✓" : answer.error || form.dataset.failed;
        if (!ok) status.setAttribute("role", "alert");
        resolve(ok);
      });
      request.send(data);
    });
  }

  async function uploadAll(form, list, files, button) {
    button.disabled = true;
    list.replaceChildren();
    list.hidden = false;
    let stored = 0;
    for (const file of files) {
      if (await uploadOne(form, list, file)) stored += 1;
    }
    button.disabled = false;
    if (stored === files.length) {
      const done = new URL(form.dataset.doneUrl, window.location.href);
      done.searchParams.set("uploaded", String(stored));
      window.location.assign(done.toString());
    }
  }

  function enhance(form) {
    const input = form.querySelector("input[type=file]");
    const list = form.querySelector(".upload-progress");
    const button = form.querySelector("button[type=submit]");
    if (!input || !list || !button || !window.FormData) return;
    form.addEventListener("submit", (event) => {
      if (!input.files.length) return; // the browser asks for a file (required)
      event.preventDefault();
      uploadAll(form, list, [...input.files], button);
    });
  }

  document.querySelectorAll("form[data-upload]").forEach(enhance);
})();
