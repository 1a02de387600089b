/* fupin — the region picker (widget template: templates/widgets/region_picker.html).
 *
 * A hidden input holds the chosen division code. Next to it, a <div class="region-picker"
 * data-target="<input id>" data-api="/api/regions"> is filled here with:
 *
 *   - the current choice as a full name (吉林省 / 白城市 / 洮北区) with 更改 and 清除 buttons;
 *   - a search box (debounced) listing matches by name, each with its full name;
 *   - cascading selects, one per level (省 → 市 → 县 → 乡 → 村), starting at the user's top
 *     regions. Choosing in a select sets the input to the deepest chosen code.
 *
 * Every request goes to the scoped region API with the session cookie, so the picker never
 * offers a region outside the user's scope. No inline script: the CSP forbids it.
 */
(function () {
  "use strict";

  var SEARCH_DELAY_MS = 300;

  var ICON_PIN = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M12 21s-7-6.1-7-11.5a7 7 0 0 1 14 0C19 14.9 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/></svg>';
  var ICON_SEARCH = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "className") { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function FetchError(status) { this.status = status; }

  function getJSON(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      if (!response.ok) { throw new FetchError(response.status); }
      return response.json();
    });
  }

  function Picker(root) {
    this.root = root;
    this.input = document.getElementById(root.getAttribute("data-target"));
    this.api = (root.getAttribute("data-api") || "/api/regions").replace(/\/$/, "");
    this.tops = null;       // promise of the top regions, loaded once
    this.selects = [];      // one <select> per level shown
    this.loadSeq = 0;       // discards answers to superseded cascade requests
    this.searchSeq = 0;     // the same for searches
    this.searchTimer = null;
    // Options, set as attributes of the hidden input (widget attrs):
    //   data-picker-collapsed  start with the editor closed even when nothing is chosen
    //   data-empty-label="全部"  what an empty choice means (default 尚未选择)
    this.collapsed = Boolean(this.input && this.input.hasAttribute("data-picker-collapsed"));
    this.emptyLabel = (this.input && this.input.getAttribute("data-empty-label")) || "尚未选择";
    this.build();
    this.start();
  }

  Picker.prototype.build = function () {
    var self = this;
    this.root.textContent = "";

    this.current = el("div", { className: "rp-current" });
    this.current.insertAdjacentHTML("afterbegin", ICON_PIN);
    this.currentName = el("span", { className: "rp-current-name", "aria-live": "polite" });
    var buttons = el("span", { className: "rp-current-buttons" });
    this.changeButton = el("button", { type: "button", className: "btn btn-sm" }, "更改");
    this.clearButton = el("button", { type: "button", className: "btn btn-sm btn-ghost" }, "清除");
    buttons.appendChild(this.changeButton);
    buttons.appendChild(this.clearButton);
    this.current.appendChild(this.currentName);
    this.current.appendChild(buttons);

    this.editor = el("div", { className: "rp-editor" });
    var search = el("div", { className: "rp-search" });
    search.insertAdjacentHTML("afterbegin", ICON_SEARCH);
    this.searchInput = el("input", {
      type: "search",
      placeholder: "输入名称搜索，如：平安镇、新和",
      "aria-label": "按名称搜索区划",
      autocomplete: "off",
      maxlength: "30"
    });
    search.appendChild(this.searchInput);
    this.results = el("ul", { className: "rp-results", role: "listbox", "aria-label": "搜索结果" });
    this.results.hidden = true;
    this.selectsBox = el("div", { className: "rp-selects" });
    this.error = el("p", { className: "rp-error", role: "alert" });
    this.error.hidden = true;

    this.editor.appendChild(search);
    this.editor.appendChild(this.results);
    this.editor.appendChild(el("div", { className: "rp-divider" }, "或逐级选择"));
    this.editor.appendChild(this.selectsBox);
    this.editor.appendChild(this.error);

    this.root.appendChild(this.current);
    this.root.appendChild(this.editor);

    this.changeButton.addEventListener("click", function () {
      self.setEditorOpen(self.editor.hidden);
    });
    this.clearButton.addEventListener("click", function () {
      self.setValue("", "");
      self.resetSelects();
    });
    this.searchInput.addEventListener("input", function () {
      window.clearTimeout(self.searchTimer);
      self.searchTimer = window.setTimeout(function () { self.search(); }, SEARCH_DELAY_MS);
    });
    this.searchInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter must not submit the surrounding form; it runs the search at once instead.
        event.preventDefault();
        window.clearTimeout(self.searchTimer);
        self.search();
      } else if (event.key === "ArrowDown") {
        var first = self.results.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        self.hideResults();
      }
    });
    this.results.addEventListener("keydown", function (event) {
      var items = Array.prototype.slice.call(self.results.querySelectorAll("button"));
      var index = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < items.length - 1) {
        event.preventDefault(); items[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (index > 0) { items[index - 1].focus(); } else { self.searchInput.focus(); }
      } else if (event.key === "Escape") {
        self.hideResults(); self.searchInput.focus();
      }
    });
    this.results.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-code]");
      if (!button) { return; }
      var code = button.getAttribute("data-code");
      self.setValue(code, button.getAttribute("data-full"));
      self.searchInput.value = "";
      self.hideResults();
      self.selectPath(code);
    });
  };

  Picker.prototype.start = function () {
    var self = this;
    var code = this.input ? this.input.value.trim() : "";
    if (!code) {
      this.showCurrent("", "");
      // In a filter bar the picker starts closed (data-picker-collapsed on the input).
      this.setEditorOpen(!this.collapsed);
      return;
    }
    // An initial value: show its full name; the editor opens on 更改.
    this.showCurrent(code, "正在读取…");
    this.setEditorOpen(false);
    getJSON(this.api + "/" + encodeURIComponent(code)).then(function (region) {
      self.showCurrent(code, region.full_name || region.name);
    }, function (error) {
      self.showCurrent(code, code + (error && error.status === 404 ? "（不在您的管辖范围内）" : ""));
    });
  };

  Picker.prototype.setEditorOpen = function (open) {
    this.editor.hidden = !open;
    this.updateButtons();
    if (open) {
      var self = this;
      var initial = this.input ? this.input.value : "";
      this.loadTops().then(function () {
        if (initial) { self.selectPath(initial); }
      }, function () {});
    }
  };

  Picker.prototype.showCurrent = function (code, fullName) {
    var empty = !code;
    this.currentName.textContent = empty ? this.emptyLabel : fullName;
    this.currentName.classList.toggle("is-empty", empty);
    this.updateButtons();
  };

  // 更改/选择 opens the editor, 收起 closes it; 清除 shows only when something is chosen. With
  // nothing chosen and the editor open there is nothing to fold away to, unless collapsible.
  Picker.prototype.updateButtons = function () {
    var empty = !this.input || !this.input.value;
    var open = !this.editor.hidden;
    this.changeButton.textContent = open ? "收起" : (empty ? "选择" : "更改");
    this.changeButton.setAttribute("aria-expanded", open ? "true" : "false");
    this.changeButton.hidden = open && empty && !this.collapsed;
    this.clearButton.hidden = empty;
  };

  Picker.prototype.setValue = function (code, fullName) {
    if (!this.input) { return; }
    var changed = this.input.value !== code;
    this.input.value = code;
    this.showCurrent(code, fullName);
    if (changed) {
      this.input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  Picker.prototype.fail = function (error) {
    this.error.hidden = false;
    if (error && (error.status === 401 || error.status === 403)) {
      this.error.textContent = "登录已过期，请刷新页面重新登录。";
    } else {
      this.error.textContent = "区划数据读取失败，请检查网络后刷新页面重试。";
    }
  };

  // ---- cascading selects ------------------------------------------------------------------

  Picker.prototype.loadTops = function () {
    var self = this;
    if (!this.tops) {
      this.tops = getJSON(this.api + "/top").then(function (regions) {
        self.addSelect(0, regions);
        // A user whose scope is one region starts there: the answer lies inside it. (Not for a
        // nationwide user: there an empty choice means 全国, even if only one province is loaded.)
        if (self.root.getAttribute("data-root") && regions.length === 1 && self.input && !self.input.value) {
          self.selects[0].value = regions[0].code;
          self.changed(0);
        }
        return regions;
      }, function (error) {
        self.tops = null;
        self.fail(error);
        throw error;
      });
    }
    return this.tops;
  };

  Picker.prototype.addSelect = function (index, regions) {
    var self = this;
    this.removeSelectsFrom(index);
    if (!regions.length) { return null; }
    var label = regions[0].level_label || "下级";
    var select = el("select", { "aria-label": "选择" + label, "data-level": String(index) });
    select.appendChild(el("option", { value: "" }, index === 0 ? "请选择" + label : label + "（可不选）"));
    regions.forEach(function (region) {
      var option = el("option", { value: region.code }, region.name);
      if (region.full_name) { option.setAttribute("data-full", region.full_name); }
      select.appendChild(option);
    });
    select.addEventListener("change", function () { self.changed(index); });
    this.selectsBox.appendChild(select);
    this.selects[index] = select;
    return select;
  };

  Picker.prototype.removeSelectsFrom = function (index) {
    this.selects.splice(index).forEach(function (select) { select.remove(); });
  };

  Picker.prototype.resetSelects = function () {
    this.removeSelectsFrom(1);
    if (this.selects[0]) { this.selects[0].value = ""; }
  };

  // The full name of the choice made down to select ``index``.
  Picker.prototype.fullNameAt = function (index) {
    var parts = [];
    for (var i = 0; i <= index; i++) {
      var option = this.selects[i].options[this.selects[i].selectedIndex];
      if (!option || !option.value) { break; }
      parts.push(i === 0 && option.getAttribute("data-full") ? option.getAttribute("data-full") : option.textContent);
    }
    return parts.join(" / ");
  };

  Picker.prototype.changed = function (index) {
    var code = this.selects[index].value;
    this.removeSelectsFrom(index + 1);
    this.error.hidden = true;
    if (code) {
      this.setValue(code, this.fullNameAt(index));
      this.loadChildren(index + 1, code);
    } else if (index > 0) {
      this.setValue(this.selects[index - 1].value, this.fullNameAt(index - 1));
    } else {
      this.setValue("", "");
    }
  };

  Picker.prototype.loadChildren = function (index, code) {
    var self = this;
    var seq = ++this.loadSeq;
    var waiting = el("span", { className: "rp-status" });
    waiting.insertAdjacentHTML("afterbegin", '<span class="spinner" aria-hidden="true"></span> 读取下级…');
    this.selectsBox.appendChild(waiting);
    return getJSON(this.api + "/" + encodeURIComponent(code) + "/children").then(function (regions) {
      waiting.remove();
      if (seq !== self.loadSeq) { return null; }
      return self.addSelect(index, regions);
    }, function (error) {
      waiting.remove();
      if (seq === self.loadSeq) { self.fail(error); }
      return null;
    });
  };

  // Set the selects along the path to ``code`` (after a search, or for an initial value).
  Picker.prototype.selectPath = function (code) {
    var self = this;
    function step(index) {
      var select = self.selects[index];
      if (!select) { return; }
      var match = null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value && code.indexOf(option.value) === 0) { match = option; }
      });
      if (!match) { select.value = ""; return; }
      select.value = match.value;
      var seq = self.loadSeq + 1;
      self.loadChildren(index + 1, match.value).then(function (next) {
        if (next && match.value !== code && seq === self.loadSeq) { step(index + 1); }
      });
    }
    this.removeSelectsFrom(1);
    this.loadTops().then(function () { step(0); }, function () {});
  };

  // ---- search -----------------------------------------------------------------------------

  Picker.prototype.hideResults = function () {
    this.results.hidden = true;
    this.results.textContent = "";
  };

  Picker.prototype.search = function () {
    var self = this;
    var text = this.searchInput.value.trim();
    var seq = ++this.searchSeq;
    if (!text) { this.hideResults(); return; }
    this.results.hidden = false;
    this.results.innerHTML = '<li class="rp-status"><span class="spinner" aria-hidden="true"></span> 正在搜索…</li>';
    getJSON(this.api + "?q=" + encodeURIComponent(text)).then(function (regions) {
      if (seq !== self.searchSeq) { return; }
      self.results.textContent = "";
      if (!regions.length) {
        self.results.appendChild(el("li", { className: "rp-status" }, "在您的管辖范围内没有找到“" + text + "”。"));
        return;
      }
      regions.forEach(function (region) {
        var item = el("li", { role: "option" });
        var button = el("button", {
          type: "button",
          className: "rp-result",
          "data-code": region.code,
          "data-full": region.full_name || region.name
        });
        button.appendChild(el("span", { className: "rp-result-name" }, region.name));
        button.appendChild(el("span", { className: "rp-result-full" }, region.full_name || ""));
        button.appendChild(el("span", { className: "badge badge-plain" }, region.level_label));
        item.appendChild(button);
        self.results.appendChild(item);
      });
      if (regions.length >= 20) {
        self.results.appendChild(el("li", { className: "rp-status" }, "只显示前 20 条，请输入更完整的名称。"));
      }
    }, function (error) {
      if (seq !== self.searchSeq) { return; }
      self.hideResults();
      self.fail(error);
    });
  };

  // ---- start-up ---------------------------------------------------------------------------

  function init(scope) {
    (scope || document).querySelectorAll(".region-picker").forEach(function (root) {
      if (root.getAttribute("data-ready")) { return; }
      root.setAttribute("data-ready", "1");
      root.pickerInstance = new Picker(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // Pickers that arrive in an htmx fragment.
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
