// Shows each contact's current local time, from their IANA time zone, updated every minute.
(function () {
  "use strict";
  var cells = document.querySelectorAll(".local-time[data-timezone]");
  function tick() {
    var now = new Date();
    cells.forEach(function (cell) {
      try {
        cell.textContent = new Intl.DateTimeFormat(undefined, {
          timeZone: cell.getAttribute("data-timezone"), weekday: "short", hour: "2-digit", minute: "2-digit"
        }).format(now);
      } catch (e) { /* unknown zone: the name stays */ }
    });
  }
  tick();
  setInterval(tick, 60000);
})();
