/* Playbook: keyboard access to what scrolls sideways (wide tables, the lead-path diagram on a phone).
 *
 * A box that scrolls but holds nothing focusable cannot be scrolled from the keyboard (WCAG 2.1.1,
 * axe's scrollable-region-focusable). Each such box gets tabindex="0" while it actually overflows, and
 * loses it when it fits again, so a table that fits is no extra stop for the Tab key. Material wraps
 * Markdown tables in .md-typeset__scrollwrap with its own script, after each (instant) page load.
 */
(function () {
  "use strict";

  var BOXES = ".md-typeset__scrollwrap, .md-typeset .pb-scroll, .md-typeset .pb-flowchart";

  function mark() {
    var boxes = document.querySelectorAll(BOXES);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-pb-scroll", "");
      } else if (!scrolls && box.hasAttribute("data-pb-scroll")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-pb-scroll");
      }
    }
  }
  function soon() { window.requestAnimationFrame(mark); }

  var timer = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(mark, 150);
  });
  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(soon);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", soon);
  } else {
    soon();
  }
})();
