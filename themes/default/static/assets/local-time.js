// Shows each contact's current local time, from their IANA time zone, updated every minute.
(function () {
  "use strict";
  function tick() {
    var now = new Date();
    document.querySelectorAll(".local-time[data-timezone]").forEach(function (cell) {
      try {
        cell.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
          timeZone: cell.getAttribute("data-timezone"), weekday: "short", hour: "2-digit", minute: "2-digit"
        }).format(now);
      } catch (e) { /* unknown zone: the name stays */ }
    });
  }
  tick();
  setInterval(tick, 60000);
  // The single-file copy shows the contacts page without loading this script again.
  document.addEventListener("dontpanic:page", tick);
})();
