/* Mockup's person picker (select2 3.x) draws the "remove" link of each
   chosen person without any text: a screen reader announces "link" only
   (WCAG 2.4.4, axe's link-name). Name those links in the page's language,
   given by the script tag's data-remove-label. */
(function () {
  "use strict";
  var script = document.currentScript;
  var label = (script && script.dataset.removeLabel) || "Remove";
  function name() {
    var links = document.querySelectorAll(
      "a.select2-search-choice-close:not([aria-label])"
    );
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("aria-label", label);
    }
  }
  new MutationObserver(name).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
