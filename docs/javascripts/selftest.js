/* zhidu: 学习自测 — check the answers in the browser and show the score. Nothing is stored or sent: the form is
   never submitted, no request is made, nothing is written to storage. */
(function () {
  function norm(text) {
    return (text || "").replace(/[\s\u3000]/g, "").replace(/[０-９]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xfee0); });
  }

  function given(item) {
    if (item.getAttribute("data-kind") === "blank") return item.querySelector("input[type=text]").value;
    var checked = item.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
  }

  function check(form) {
    var items = form.querySelectorAll(".zd-q"), right = 0;
    items.forEach(function (item) {
      var accept = item.getAttribute("data-answer").split("|").map(norm);
      var answer = norm(given(item));
      var ok = answer !== "" && accept.indexOf(answer) >= 0;
      var out = item.querySelector(".zd-q-result");
      out.textContent = "";
      item.classList.toggle("zd-q--right", ok);
      item.classList.toggle("zd-q--wrong", !ok);
      if (ok) { right++; out.textContent = "✓ 正确"; return; }
      out.appendChild(document.createTextNode((answer ? "✗ 答错了。" : "✗ 未作答。") + "正确答案：" + item.getAttribute("data-answer").split("|")[0] + "。原文："));
      var a = document.createElement("a");
      a.href = item.getAttribute("data-href");
      a.textContent = item.getAttribute("data-where");
      out.appendChild(a);
      var source = document.createElement("span");
      source.className = "zd-q-source";
      source.textContent = "：" + item.getAttribute("data-source");
      out.appendChild(source);
    });
    var score = form.querySelector(".zd-selftest-score");
    score.textContent = "得分：" + Math.round(100 * right / items.length) + " 分（答对 " + right + " 题，共 " + items.length + " 题）。";
    score.scrollIntoView({ block: "center" });
  }

  function start() {
    var form = document.querySelector(".zd-selftest");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    form.addEventListener("submit", function (event) { event.preventDefault(); check(form); });
    form.addEventListener("reset", function () {
      form.querySelectorAll(".zd-q").forEach(function (item) {
        item.classList.remove("zd-q--right", "zd-q--wrong");
        item.querySelector(".zd-q-result").textContent = "";
      });
      form.querySelector(".zd-selftest-score").textContent = "";
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
