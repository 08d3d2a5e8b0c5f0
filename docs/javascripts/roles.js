/* zhidu: 岗位制度清单 — "what changed for me since a date" (?since=YYYY-MM-DD), drawn from the data the page carries.
   For each listed regulation the page holds, for every earlier text, what changed for the role from it to the text
   in force (article-aligned comparison made at build time). The text in force on the chosen day is the latest
   earlier text not after it; before the first text the whole regulation is new. Nothing is fetched or stored. */
(function () {
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cnDate(iso) {
    var p = iso.split("-");
    return parseInt(p[0], 10) + "年" + parseInt(p[1], 10) + "月" + parseInt(p[2], 10) + "日";
  }

  function textWithBreaks(parent, text) {
    text.split("\n").forEach(function (line, i) {
      if (i) parent.appendChild(document.createElement("br"));
      parent.appendChild(document.createTextNode(line));
    });
  }

  function changesFor(reg, since) {
    var versions = reg.versions, then = null;
    for (var i = 0; i < versions.length; i++) if (versions[i] <= since) then = versions[i];
    var current = versions[versions.length - 1];
    if (then === null) {
      return reg.articles.map(function (a) { return { kind: "new", label: "此后施行", anchor: a.anchor, new: a.label, effective: versions[0] }; });
    }
    if (then === current) return [];
    return reg.changes[then] || [];
  }

  function render(section, since) {
    var data = JSON.parse(section.querySelector(".zd-role-data").textContent);
    var out = section.querySelector(".zd-role-since-out");
    out.textContent = "";
    var heading = el("h2", null, "自" + cnDate(since) + "以来的变化");
    heading.id = "since";
    out.appendChild(heading);
    var total = 0, later = 0;
    data.regs.forEach(function (reg) {
      var changes = changesFor(reg, since);
      if (!changes.length) return;
      out.appendChild(el("h3", null, "《" + reg.title + "》"));
      if (changes[0].kind === "new") {  // the whole regulation is later than the day: one line, not one per article
        later++;
        var line = el("p", "zd-change-new", "本库所存该制度最早的文本于" + cnDate(changes[0].effective) + "施行，晚于所选日期；其中与本岗位有关的条文：");
        changes.forEach(function (change, i) {
          if (i) line.appendChild(document.createTextNode("、"));
          var link = el("a", null, change.new);
          link.href = reg.href + "#" + change.anchor;
          line.appendChild(link);
        });
        line.appendChild(document.createTextNode("。"));
        out.appendChild(line);
        return;
      }
      total += changes.length;
      var list = el("ul", "zd-role-changes");
      changes.forEach(function (change) {
        var item = el("li", "zd-change zd-change--" + change.kind);
        var label = change.new || change.old;
        if (change.anchor) {
          var a = el("a", "zd-role-art", label);
          a.href = reg.href + "#" + change.anchor;
          item.appendChild(a);
        } else {
          item.appendChild(el("span", "zd-role-art", label));
        }
        var note = change.label;
        if (change.kind === "new") note = "本库所存该制度最早的文本于" + cnDate(change.effective) + "施行";
        if (change.kind === "modified" && change.old && change.old !== change.new) note += "（原" + change.old + "）";
        if (change.kind === "deleted") note += "（原" + change.old + "，已删去）";
        item.appendChild(el("span", "zd-change-kind", note));
        if (change.segments) {
          var body = el("div", "zd-role-text zd-diff");
          change.segments.forEach(function (seg) {
            var part = seg[0] === "e" ? document.createElement("span") : el(seg[0] === "i" ? "ins" : "del");
            textWithBreaks(part, seg[1]);
            body.appendChild(part);
          });
          item.appendChild(body);
        } else if (change.text) {
          var plain = el("div", "zd-role-text");
          textWithBreaks(plain, change.text);
          item.appendChild(plain);
        }
        list.appendChild(item);
      });
      out.appendChild(list);
    });
    var summary = total
      ? "共 " + total + " 条与“" + data.role + "”有关的条文新增、修改或删除（删去的文字加删除线，新增的文字加下划线）。"
      : "自" + cnDate(since) + "以来，与“" + data.role + "”有关的条文没有修改。";
    if (later) summary += "另有 " + later + " 项制度在本库中最早的文本晚于该日，无法对照，列出其中与本岗位有关的条文。";
    out.insertBefore(el("p", "zd-role-since-total", summary), heading.nextSibling);
  }

  function start() {
    var section = document.querySelector(".zd-role-since");
    if (!section) return;
    var since = new URLSearchParams(location.search).get("since");
    if (!since) return;
    var input = section.querySelector("input[name=since]");
    if (!DATE.test(since)) {
      section.querySelector(".zd-role-since-out").textContent = "日期“" + since + "”的格式不对，请写成 YYYY-MM-DD，如 2024-01-01。";
      return;
    }
    input.value = since;
    render(section, since);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
