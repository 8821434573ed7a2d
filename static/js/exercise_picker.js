// Exercise pickers: every <input data-exercise-picker="<address>"> suggests exercises as the member
// types, from the library and their own (plans.views.exercise_suggest, the library page's search as
// JSON), theirs first. The ARIA 1.2 combobox with a list popup: the input keeps the focus and names
// the suggestion in hand with aria-activedescendant; ↓ and ↑ move through the list, Enter takes
// the suggestion in hand, Escape closes the list, a click or a tap takes one. Nothing is chosen
// until the member says so: a name typed and left as it is goes to the server as typed.
// Without this script the input is a plain text box, and the "Browse the library" link beside it
// is the way to look a name up.
"use strict";
(() => {
  const WAIT_MS = 150; // after the last keystroke, before asking
  let made = 0;

  const enhance = (input) => {
    if (input.dataset.pickerReady) return;
    input.dataset.pickerReady = "on";
    const id = `exercise-picker-${++made}`;
    const list = document.createElement("ul");
    list.id = id;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggested exercises");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    // The list hangs below the input, over what follows it.
    const box = document.createElement("div");
    box.className = "picker";
    input.before(box);
    box.append(input, list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    let options = []; // the suggestions shown: {name, kind, equipment, own}
    let active = -1; // the one in hand, or none
    let timer = 0;
    let asking = null; // the request in flight, cancelled by the next keystroke
    let asked = null; // the text the list answers

    const items = () => list.querySelectorAll("[role=option]");

    const hold = (index) => {
      active = index;
      items().forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      const item = items()[index];
      input.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    };

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      hold(-1);
    };

    const open = () => {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      // On a phone the list may run under the keyboard or off the screen: scroll it up into
      // sight, as far as keeps the input in sight too.
      const view = window.visualViewport;
      const bottom = view ? view.offsetTop + view.height : window.innerHeight;
      const under = list.getBoundingClientRect().bottom - bottom;
      const room = input.getBoundingClientRect().top - 8;
      if (under > 0 && room > 0) window.scrollBy(0, Math.min(under, room));
    };

    const show = (found) => {
      options = found;
      list.replaceChildren(
        ...found.map((option, i) => {
          const item = document.createElement("li");
          item.id = `${id}-${i}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          const name = document.createElement("span");
          name.className = "picker-name";
          name.textContent = option.name;
          const about = document.createElement("span");
          about.className = "picker-about";
          about.textContent = [option.kind, option.equipment, option.own ? "yours" : ""].filter(Boolean).join(" · ");
          item.append(name, about);
          return item;
        }),
      );
      hold(-1);
      status.textContent = found.length
        ? `${found.length} suggestion${found.length === 1 ? "" : "s"}: arrow keys to choose.`
        : "No suggestions.";
      if (found.length && document.activeElement === input) open();
      else close();
    };

    const ask = (text) => {
      asking?.abort();
      asking = new AbortController();
      const url = new URL(input.dataset.exercisePicker, location.href);
      url.searchParams.set("q", text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: asking.signal })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((answer) => {
          asked = text;
          show(answer.results || []);
        })
        .catch(() => {}); // cancelled, or no connection: the input still takes any name
    };

    const take = (index) => {
      const option = options[index];
      if (!option) return;
      input.value = option.name;
      asked = option.name;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) {
        asking?.abort();
        close();
        return;
      }
      timer = setTimeout(() => ask(text), WAIT_MS);
    });

    input.addEventListener("keydown", (event) => {
      const shown = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp": {
          event.preventDefault();
          if (!shown) {
            const text = input.value.trim();
            // Ask when the list does not answer what is typed (with nothing typed: the member's
            // own and recent exercises); it opens when the answer comes.
            if (!options.length || asked !== text) {
              ask(text);
              return;
            }
            open();
            if (event.altKey) return; // Alt+↓ opens the list without taking one in hand
          }
          const last = options.length - 1;
          if (event.key === "ArrowDown") hold(active >= last ? 0 : active + 1);
          else hold(active <= 0 ? last : active - 1);
          break;
        }
        case "Enter":
          // Taking a suggestion; with none in hand, Enter does what it always did (sends the form).
          if (shown && active >= 0) {
            event.preventDefault();
            take(active);
          }
          break;
        case "Escape":
          if (shown) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    input.addEventListener("blur", close);
    // A press on the list keeps the focus in the input (so the list stays, and a phone's keyboard
    // with it); the click that follows takes the suggestion.
    list.addEventListener("mousedown", (event) => event.preventDefault());
    list.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option]");
      if (item) take([...items()].indexOf(item));
    });
  };

  const enhanceWithin = (root) => {
    if (root.matches?.("input[data-exercise-picker]")) enhance(root);
    root.querySelectorAll?.("input[data-exercise-picker]").forEach(enhance);
  };

  enhanceWithin(document);
  // Rows the plan form adds later (static/js/plan_form.js copies them from a <template>).
  new MutationObserver((changes) => {
    for (const change of changes) change.addedNodes.forEach(enhanceWithin);
  }).observe(document.body, { childList: true, subtree: true });
})();
