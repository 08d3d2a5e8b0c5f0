/* Material's inline helper (partials/javascripts/base.html of mkdocs-material 9.8), loaded as a file so that the
   site runs under a Content-Security-Policy without inline scripts. Keep in step with Material on upgrade. */
window.__md_scope = new URL(document.currentScript.getAttribute("data-scope"), location);
window.__md_hash = function (e) { return [...e].reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0); };
window.__md_get = function (e, s, t) { s = s || localStorage; t = t || __md_scope; return JSON.parse(s.getItem(t.pathname + "." + e)); };
window.__md_set = function (e, v, s, t) { s = s || localStorage; t = t || __md_scope; try { s.setItem(t.pathname + "." + e, JSON.stringify(v)); } catch (err) { /* storage full or disabled */ } };
