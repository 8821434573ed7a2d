// The plan form's exercise rows: an "Add exercise" button and up/down buttons on every row.
// Progressive enhancement only: without this script the form shows a few empty rows, "Remove"
// checkboxes and order numbers, and the server does the same work with them.
(function () {
  "use strict";

  function setup(formset) {
    var prefix = formset.dataset.prefix;
    var list = formset.querySelector("[data-formset-rows]");
    var template = formset.querySelector("template[data-formset-template]");
    var total = formset.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var maximum = formset.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
    var status = formset.querySelector("[data-formset-status]");
    if (!list || !template || !total) {
      return;
    }
    var limit = maximum ? parseInt(maximum.value, 10) : Infinity;

    function rows() {
      return Array.prototype.slice.call(list.querySelectorAll("[data-formset-row]"));
    }

    function shownRows() {
      return rows().filter(function (row) { return !row.hidden; });
    }

    function field(row, name) {
      return row.querySelector("[name$='-" + name + "']");
    }

    // An empty row for a new exercise, with nothing typed and nothing to correct. The server
    // skips such rows, so the script may keep them out of sight until "Add exercise".
    function isSpare(row) {
      var id = field(row, "id");
      var name = field(row, "exercise_name");
      return (!id || !id.value) && (!name || !name.value.trim()) && !row.querySelector(".errorlist");
    }

    // Numbers in legends and labels, and the order fields the server sorts by, follow the rows
    // as they now stand on the page; hidden spare rows get no order (they stay blank).
    function renumber() {
      var shown = shownRows();
      rows().forEach(function (row) {
        var position = shown.indexOf(row);
        var order = field(row, "ORDER");
        if (order) {
          order.value = position < 0 ? "" : String(position + 1);
        }
        if (position < 0) {
          return;
        }
        row.querySelectorAll("[data-row-number]").forEach(function (span) {
          span.textContent = String(position + 1);
        });
        var up = row.querySelector("[data-move='up']");
        var down = row.querySelector("[data-move='down']");
        if (up) {
          up.disabled = position === 0;
        }
        if (down) {
          down.disabled = position === shown.length - 1;
        }
      });
      addButton.disabled = !rows().some(function (row) { return row.hidden; }) &&
        parseInt(total.value, 10) >= limit;
    }

    function announce(message) {
      if (status) {
        status.textContent = message;
      }
    }

    function moveButton(direction, label) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary small";
      button.dataset.move = direction;
      var arrow = document.createElement("span");
      arrow.setAttribute("aria-hidden", "true");
      arrow.textContent = direction === "up" ? "\u2191 " : "\u2193 ";
      button.appendChild(arrow);
      button.appendChild(document.createTextNode(label));
      // "Up, exercise 3": a unique name for screen readers, renumbered with the row.
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.appendChild(document.createTextNode(", exercise "));
      var number = document.createElement("span");
      number.dataset.rowNumber = "";
      hidden.appendChild(number);
      button.appendChild(hidden);
      return button;
    }

    function enhance(row) {
      var tools = row.querySelector("[data-row-tools]");
      if (!tools || tools.querySelector("[data-move]")) {
        return;
      }
      var group = document.createElement("div");
      group.className = "move-buttons";
      group.appendChild(moveButton("up", "Up"));
      group.appendChild(moveButton("down", "Down"));
      tools.appendChild(group);
    }

    function nameOf(row) {
      var input = field(row, "exercise_name");
      return input && input.value.trim() ? input.value.trim() : "Exercise";
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) {
        return;
      }
      var row = button.closest("[data-formset-row]");
      var shown = shownRows();
      var position = shown.indexOf(row);
      var target = button.dataset.move === "up" ? shown[position - 1] : shown[position + 1];
      if (!target) {
        return;
      }
      list.insertBefore(row, button.dataset.move === "up" ? target : target.nextElementSibling);
      renumber();
      // Keep focus on the button pressed, or on its twin when it has just been disabled.
      var focusTarget = button.disabled ? row.querySelector("[data-move]:not([disabled])") : button;
      if (focusTarget) {
        focusTarget.focus();
      }
      announce(nameOf(row) + " moved to position " + (shownRows().indexOf(row) + 1) + ".");
    });

    var addButton = document.createElement("button");
    addButton.type = "button";
    addButton.className = "button secondary";
    addButton.textContent = "Add exercise";
    addButton.addEventListener("click", function () {
      var row = rows().filter(function (candidate) { return candidate.hidden; })[0];
      if (row) {
        row.hidden = false;
      } else {
        var index = parseInt(total.value, 10);
        if (index >= limit) {
          return;
        }
        var holder = document.createElement("ol");
        holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
        row = holder.querySelector("[data-formset-row]");
        total.value = String(index + 1);
        enhance(row);
      }
      // After the rows shown so far, before any spare ones still hidden.
      var firstHidden = rows().filter(function (candidate) { return candidate.hidden; })[0];
      list.insertBefore(row, firstHidden || null);
      renumber();
      var input = field(row, "exercise_name");
      if (input) {
        input.focus();
      }
      announce("Exercise " + shownRows().length + " added.");
    });
    var addHolder = document.createElement("p");
    addHolder.className = "add-row";
    addHolder.appendChild(addButton);
    list.insertAdjacentElement("afterend", addHolder);

    // Spare rows wait out of sight at the end; a plan with no rows at all shows one to start.
    rows().filter(isSpare).forEach(function (row) {
      row.hidden = true;
      list.appendChild(row);
    });
    if (!shownRows().length && rows().length) {
      rows()[0].hidden = false;
    }
    rows().forEach(enhance);
    renumber();
  }

  document.querySelectorAll("[data-formset]").forEach(setup);
})();
