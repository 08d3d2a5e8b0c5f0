/* zhidu: the header's search box answers with articles (Material's .md-search__input and results list, our answers).

   The engine is javascripts/websearch-engine.js; the index is zhidu-search/ (search/web.py). An answer opens
   /regulations/<id>/?h=<words>#art-N, where the query's words are marked whole in the article. */
(function () {
  "use strict";

  var FOLDER = document.querySelector('form[name="zhidu-search"]').getAttribute("data-zd-index");  /* zhidu/urls.py */
  var LIMIT = 10;
  var lib = window.ZhiduSearchEngine, Index = lib.Index, Engine = lib.Engine, snippet = lib.snippet;
  var escapeRe = lib.escapeRe, escapeHtml = lib.escapeHtml, stableSort = lib.stableSort;

  /* ---- the page: Material's search box, our answers ------------------------------------------------------- */

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href).href;
  }

  var root = siteRoot(), index = new Index(root + FOLDER), engine = null;

  /* Answers for a query, with what the page shows of each: the API the tests and the benchmark call. */
  function answer(text, limit) {
    return index.load().then(function () {
      engine = engine || new Engine(index);
      return engine.search(text, limit || LIMIT);
    }).then(function (result) {
      var marks = result.words.filter(function (w) { return w.length > 1; });
      return Promise.all(result.hits.map(function (hit) { return index.doc(hit.doc); })).then(function (docs) {
        var answers = result.hits.map(function (hit, i) {
          var doc = docs[i], version = index.meta.versions[doc[0]];
          var shown = marks.length ? marks : result.words;
          var url = root + version[7] + (marks.length ? "?h=" + encodeURIComponent(marks.join(" ")) : "") + (doc[2] ? "#" + doc[2] : "");
          return {
            id: version[0], title: version[1], status: version[2], effective: version[3], article: doc[1], anchor: doc[2],
            chapter: doc[3], url: url, snippet: snippet(doc[4], shown), score: hit.score, cited: hit.cited,
          };
        });
        answers.missing = result.missing || [];  // words no article holds (量子 of 量子计算), named in the header
        return answers;
      });
    });
  }

  window.zhiduSearch = { answer: answer, index: index, engine: function () { return engine; } };

  var STATUS_NOTE = { "已废止": "已废止", "已修订": "已修订（旧版本）", "尚未生效": "尚未生效" };

  function render(list, meta, answers) {
    meta.textContent = (answers.length ? "找到 " + answers.length + " 条" + (answers.length >= LIMIT ? "（只列出最相关的 " + LIMIT + " 条）" : "") : "没有找到符合条件的条文") +
      (answers.missing && answers.missing.length ? "；" + answers.missing.join("、") + " 没有找到" : "");
    list.innerHTML = answers.map(function (a, i) {
      var name = "《" + escapeHtml(a.title) + "》" + (a.article ? escapeHtml(a.article) : "");
      var where = a.chapter ? escapeHtml(a.chapter) : (a.article ? "" : "正文之外（序言、表格或附件）");
      var status = a.status === "现行有效" ? "" : '<span class="zd-search-status zd-search-status--' + (a.status === "试行" ? "trial" : "old") + '">' + escapeHtml(STATUS_NOTE[a.status] || a.status) + "</span>";
      return '<li class="md-search-result__item" role="option" id="zd-answer-' + i + '"><a href="' + escapeHtml(a.url) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset"><h1>' + name + status + "</h1>" +
        (where ? '<p class="zd-search-where">' + where + "</p>" : "") + "<p>" + a.snippet + "</p></article></a></li>";
    }).join("");
  }

  function setUp() {
    var input = document.querySelector(".md-search__input"), toggle = document.getElementById("__search");
    if (!input) return;
    var list = document.querySelector(".md-search-result__list"), meta = document.querySelector(".md-search-result__meta");
    var form = input.form, asked = 0, selected = -1;
    input.setAttribute("placeholder", "搜索制度条文，如 请假 审批、考勤管理规定第十二条");
    // The input drives the role=listbox answers (ARIA 1.2 combobox): screen readers hear which answer is selected.
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id || "zd-search-answers");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");

    function expanded(on) {
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) input.removeAttribute("aria-activedescendant");
    }
    meta.textContent = "输入检索词，结果落到条";

    function open(on) { if (toggle && toggle.checked !== on) { toggle.checked = on; toggle.dispatchEvent(new Event("change")); } }

    function select(i) {
      var items = list.querySelectorAll(".md-search-result__item");
      if (!items.length) { selected = -1; expanded(false); return; }
      selected = Math.max(0, Math.min(i, items.length - 1));
      items.forEach(function (item, k) {
        item.classList.toggle("zd-search-selected", k === selected);
        item.setAttribute("aria-selected", k === selected ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[selected].id);
      items[selected].scrollIntoView({ block: "nearest" });
    }

    function run() {
      var text = input.value, mine = ++asked;
      if (!text.trim()) { list.innerHTML = ""; meta.textContent = "输入检索词，结果落到条"; selected = -1; expanded(false); return; }
      meta.textContent = "正在检索……";
      answer(text).then(function (answers) {
        if (mine !== asked) return;
        render(list, meta, answers);
        selected = -1;
        expanded(answers.length > 0);
        if (answers.length) select(0);
        // Once an answer is on screen, the rest of the vocabulary comes in the background: later queries skip it.
        setTimeout(function () { index.allWords(); }, 0);
      }, function () {
        if (mine === asked) meta.textContent = "检索索引加载失败，请刷新页面后重试";
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      open(true);
      index.load().catch(function () {});  // the index's table of contents, while the question is being typed
    });
    if (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }, 0); });
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
      else if (event.key === "Enter") {
        event.preventDefault();
        var link = list.querySelectorAll(".md-search-result__link")[Math.max(selected, 0)];
        if (link) location.href = link.href;
      } else if (event.key === "Escape") { open(false); input.blur(); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target, typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open(true);
        input.focus();
        input.select();
      }
    });
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    }
  }

  /* On the page an answer opens: mark the query's words, whole, in the article the link points at. */
  function highlight() {
    var words = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).filter(function (w) { return w.length > 1; });
    if (!words.length) return;
    var scope = (location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)))) || document.querySelector(".md-content article");
    if (!scope) return;
    var pattern = new RegExp(stableSort(words, function (a, b) { return b.length - a.length; }).map(escapeRe).join("|"), "gi");
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) { return node.parentNode.closest("button, mark, script") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, fragment = null;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        fragment = fragment || document.createDocumentFragment();
        fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.className = "zd-hit";
        mark.textContent = match[0];
        fragment.appendChild(mark);
        last = match.index + match[0].length;
      }
      if (fragment) {
        fragment.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(fragment, node);
      }
    });
  }

  function start() { setUp(); highlight(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
