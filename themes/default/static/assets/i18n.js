// The interface strings in the page's language, for the other scripts: `dontpanicText(key,
// english, params)` gives the string `key` of `window.dontpanicStrings` (set by the small
// strings.<code>.js the page loads first), or the English text when it has none, with each
// `{name}` of `params` filled in. A string with plural forms takes the one for `params.n`.
(function () {
  "use strict";
  var strings = window.dontpanicStrings || {};
  var lang = document.documentElement.lang || "en";
  var rules = null;
  try { rules = new Intl.PluralRules(lang); } catch (e) { rules = null; }
  window.dontpanicText = function (key, english, params) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : english;
    if (text && typeof text === "object") {
      var n = params && typeof params.n === "number" ? params.n : 0;
      var form = rules ? rules.select(n) : (n === 1 ? "one" : "other");
      text = text[form] !== undefined ? text[form] : text.other;
    }
    text = String(text === undefined ? english : text);
    if (!params) return text;
    return text.replace(/\{([a-z_]+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all;
    });
  };
  window.dontpanicLang = lang;
})();
