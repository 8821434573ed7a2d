// The import's progress: while the form is sent (the import runs within that request), the page
// asks the server how far it is and shows it. Without this script the form posts as usual and the
// next page says what was imported.
"use strict";
(() => {
  const form = document.querySelector("form.import-form");
  if (!form) return;
  const box = form.querySelector(".import-progress");
  const bar = box.querySelector("progress");
  const stage = box.querySelector("[data-stage]");
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button || !button.hasAttribute("data-import")) return; // "Update the preview" posts as usual
    event.preventDefault();
    box.hidden = false;
    form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    let running = true;
    const poll = async () => {
      if (!running) return;
      try {
        const answer = await fetch(form.dataset.progressUrl, { headers: { Accept: "application/json" } });
        if (answer.ok) {
          const state = await answer.json();
          bar.value = state.done;
          stage.textContent = state.stage;
        }
      } catch (_) { /* the next poll tries again */ }
      if (running) setTimeout(poll, 400);
    };
    setTimeout(poll, 200);
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
      .then(async (answer) => {
        running = false;
        const type = answer.headers.get("Content-Type") || "";
        if (answer.ok && type.includes("application/json")) {
          bar.value = 1;
          window.location.assign((await answer.json()).url);
          return;
        }
        // A refusal comes back as the preview page with its message: show it as it is.
        document.open();
        document.write(await answer.text());
        document.close();
      })
      .catch(() => {
        running = false;
        form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
        box.hidden = true;
        alert("The import could not be sent: check the connection and try again.");
      });
  });
})();
