/* fupin — small page behaviours. The CSP forbids inline scripts, so everything is wired here
 * through data attributes:
 *
 *   data-confirm="确定…？"   on a form (asked on submit) or a link/button (asked on click)
 *   data-dismiss             on a button inside .alert: closes the message
 *   data-nav-toggle          opens/closes the sidebar on narrow screens; data-nav-close closes it
 *   data-copy="<element id>" copies that element's text to the clipboard
 *   data-check-all="<name>" / data-check-none="<name>"  tick or clear the checkboxes of that name
 *   data-print               on a button: opens the browser's print dialog (the 公示 page)
 *
 * htmx requests carry the CSRF token from <meta name="csrf-token"> (the CSRF cookie is HttpOnly).
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // ---- htmx: CSRF header on every request ---------------------------------------------------
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // A fragment request that fails (server error, lost connection) should not fail silently.
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target || event.detail.elt;
    if (target && !target.querySelector(".htmx-failure")) {
      var note = document.createElement("p");
      note.className = "field-error htmx-failure";
      note.textContent = "刷新失败（" + event.detail.xhr.status + "），请重新载入页面。";
      target.appendChild(note);
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var target = event.detail.target || event.detail.elt;
    if (target && !target.querySelector(".htmx-failure")) {
      var note = document.createElement("p");
      note.className = "field-error htmx-failure";
      note.textContent = "无法连接服务器，请检查网络后重新载入页面。";
      target.appendChild(note);
    }
  });

  function release(button) {
    button.disabled = false;
    button.classList.remove("is-submitting");
  }

  // ---- confirmations ------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-confirm")) {
      message = submitter.getAttribute("data-confirm");
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    // Avoid double submissions of slow forms: disable the pressed button for a few seconds once
    // the form goes (not for htmx forms, and not for good: a download leaves the page as it is).
    if (!event.defaultPrevented && submitter && submitter.tagName === "BUTTON" &&
        !form.hasAttribute("hx-post") && !form.hasAttribute("hx-get")) {
      window.setTimeout(function () {
        submitter.disabled = true;
        submitter.classList.add("is-submitting");
      }, 0);
      window.setTimeout(function () { release(submitter); }, 5000);
    }
  }, true);

  document.addEventListener("click", function (event) {
    var el = event.target.closest("a[data-confirm], button[data-confirm]:not([type=submit])");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // ---- messages ----------------------------------------------------------------------------
  function dismiss(alert) {
    alert.classList.add("is-leaving");
    window.setTimeout(function () {
      var box = alert.parentElement;
      alert.remove();
      if (box && box.classList.contains("messages") && !box.children.length) {
        box.remove();
      }
    }, 200);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button) {
      var alert = button.closest(".alert");
      if (alert) { dismiss(alert); }
    }
  });

  // Success messages fade after a while; errors and warnings stay until closed.
  function autoDismiss(root) {
    root.querySelectorAll(".messages .alert-success, .messages .alert-info").forEach(function (alert) {
      window.setTimeout(function () {
        if (document.body.contains(alert)) { dismiss(alert); }
      }, 8000);
    });
  }

  // ---- mobile navigation ------------------------------------------------------------------
  function setNav(open) {
    document.body.classList.toggle("nav-open", open);
    document.querySelectorAll("[data-nav-toggle]").forEach(function (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.querySelectorAll(".sidebar-backdrop").forEach(function (backdrop) {
      backdrop.hidden = !open;
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-nav-toggle]")) {
      setNav(!document.body.classList.contains("nav-open"));
    } else if (event.target.closest("[data-nav-close]")) {
      setNav(false);
    }
  });

  // ---- user menu (a <details>): close on outside click or Escape ----------------------------
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    if (document.body.classList.contains("nav-open")) { setNav(false); }
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    });
  });

  // ---- copy to clipboard -------------------------------------------------------------------
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-HTTP intranets have no async clipboard: fall back to a selected textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) { resolve(); } else { reject(new Error("copy")); }
      } catch (error) {
        reject(error);
      } finally {
        area.remove();
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var label = button.querySelector(".copy-label") || button;
    var original = label.textContent;
    copyText(source.textContent.trim()).then(function () {
      label.textContent = "已复制";
    }, function () {
      label.textContent = "请手动复制";
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }).then(function () {
      window.setTimeout(function () { label.textContent = original; }, 2000);
    });
  });

  // ---- print --------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // ---- tick all / none ----------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var all = event.target.closest("[data-check-all]");
    var none = event.target.closest("[data-check-none]");
    var button = all || none;
    if (!button) { return; }
    event.preventDefault();
    var name = button.getAttribute(all ? "data-check-all" : "data-check-none");
    var form = button.closest("form") || document;
    form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = Boolean(all);
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  // Live count for checkbox groups: <span data-check-count="name" data-empty="全国">.
  function updateCounts(root) {
    root.querySelectorAll("[data-check-count]").forEach(function (counter) {
      var name = counter.getAttribute("data-check-count");
      var form = counter.closest("form") || document;
      var n = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]:checked').length;
      counter.textContent = n ? "已选 " + n + " 个" : (counter.getAttribute("data-empty") || "未选择");
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[type="checkbox"]')) {
      updateCounts(document);
    }
  });

  function init() {
    autoDismiss(document);
    updateCounts(document);
  }

  // Coming back with the browser's Back button must not leave buttons disabled.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button.is-submitting").forEach(release);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
