/* Material's inline content script (partials/javascripts/content.html of mkdocs-material 9.8) as a file. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
