/* zhidu: copy an article's formal citation and its link in one click.
   The intranet is plain http, where navigator.clipboard is missing: fall back to execCommand. */
(function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".zd-copy") : null;
    if (!button) return;
    var url = location.href.split("#")[0] + "#" + button.getAttribute("data-anchor");
    var text = button.getAttribute("data-cite") + " " + url;
    button.setAttribute("data-copied-text", text);
    copyText(text).then(function () {
      button.classList.add("zd-copied");
      button.textContent = "已复制";
      setTimeout(function () { button.classList.remove("zd-copied"); button.textContent = "复制引用"; }, 2000);
    }, function () {
      window.prompt("请按 Ctrl+C 复制：", text);
    });
  });

  // The comparison page's toolbar (no inline handlers: see docs/deploy/nginx.conf).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".zd-cmp-toggle, .zd-cmp-print") : null;
    if (!link) return;
    event.preventDefault();
    if (link.classList.contains("zd-cmp-print")) { window.print(); return; }
    document.querySelectorAll("details.zd-cmp-same").forEach(function (d) { d.open = !d.open; });
  });
})();
