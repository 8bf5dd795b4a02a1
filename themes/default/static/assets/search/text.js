// Search, offline, the words: how text becomes search terms. The same rules as
// src/search/text.rs, which builds the index: fold case and accents, split into words and
// identifiers, reduce English words to their Snowball (Porter2) stem, cut Chinese, Japanese
// and Korean into overlapping pairs of characters, and the typo rule a query's words are
// matched by. Other languages' stems are not worked out here: their index carries each form's
// stem, and `inLanguage` reads words with that table. Knows nothing of the index or the page.
// Gives `window.dontpanicSearch.text`.
(function (search) {
  "use strict";
  // Words of pages and of readers are keys, and a word may be `constructor` or `__proto__`,
  // which every ordinary object answers to: every lookup by word is a Map or a Set, and what
  // the index's files hand over as objects is read by its own keys only.
  function asMap(object) {
    var map = new Map();
    if (object && typeof object === "object") Object.keys(object).forEach(function (k) { map.set(k, object[k]); });
    return map;
  }
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(s) { return s.match(/[\p{L}\p{N}_]+/gu) || []; }
  // Characters of scripts written without spaces (Han, Hiragana, Katakana, Hangul), spelt out
  // as src/search/text.rs `is_cjk` spells them.
  var CJK = "\\u1100-\\u11FF\\u3005-\\u3007\\u3041-\\u3096\\u3099-\\u309F\\u30A1-\\u30FA\\u30FC-\\u30FF" +
    "\\u3131-\\u318E\\u31F0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uA960-\\uA97F\\uAC00-\\uD7A3\\uD7B0-\\uD7FF" +
    "\\uF900-\\uFAFF\\uFF66-\\uFF9F\\u{20000}-\\u{3134F}";
  var WORD = "(?:(?![" + CJK + "])[\\p{L}\\p{N}_])";
  // Words joined by single hyphens or dots (`eu-west-1`, `on-call`), and runs of CJK
  // characters, each a token of its own.
  var TOKEN = new RegExp("[" + CJK + "]+|" + WORD + "+(?:[-.]" + WORD + "+)*", "gu");
  var CJK_START = new RegExp("^[" + CJK + "]", "u");
  function tokens(s) { return s.match(TOKEN) || []; }
  function isCjk(token) { return CJK_START.test(token); }
  // A CJK run as terms: each pair of neighbouring characters, or the character alone.
  function cjkTerms(run) {
    var chars = Array.from(run.normalize("NFC"));
    if (chars.length === 1) return chars;
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }
  function isIdentifier(w) { return /[_\p{N}]/u.test(w) || /\p{Ll}\p{Lu}/u.test(w); }
  // ---- the English (Porter2) stemmer, step by step as the Snowball algorithm defines it ----
  var porter2 = (function () {
    var special = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
      gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
      sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
    var invariant = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
    var step2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize",
      ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al",
      fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble",
      bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
    var step3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic",
      ful: "", ness: "", ative: "" };
    var step4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
      "ate", "iti", "ous", "ive", "ize", "ion"];
    function byLength(list) { return list.slice().sort(function (a, b) { return b.length - a.length; }); }
    var step2Keys = byLength(Object.keys(step2)), step3Keys = byLength(Object.keys(step3)), step4Keys = byLength(step4);
    function vowel(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }
    function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
    function longest(w, keys) { for (var i = 0; i < keys.length; i++) if (ends(w, keys[i])) return keys[i]; return null; }
    // A short syllable ends at `end`: consonant, vowel, consonant other than w, x or Y; or, at
    // the very start, vowel and consonant.
    function shortSyllable(w, end) {
      if (end >= 3 && !vowel(w[end - 1]) && "wxY".indexOf(w[end - 1]) < 0 && vowel(w[end - 2]) && !vowel(w[end - 3])) return true;
      return end === 2 && vowel(w[0]) && !vowel(w[1]);
    }
    // The position after the first consonant that follows a vowel, from `from`.
    function regionStart(w, from) {
      for (var i = from; i < w.length; i++) {
        if (vowel(w[i])) {
          for (var j = i + 1; j < w.length; j++) if (!vowel(w[j])) return j + 1;
          return w.length;
        }
      }
      return w.length;
    }
    return function (word) {
      if (Object.prototype.hasOwnProperty.call(special, word)) return special[word];
      if (word.length < 3) return word;
      var w = word[0] === "y" ? "Y" + word.slice(1) : word;
      for (var i = 1; i < w.length; i++) if (w[i] === "y" && vowel(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
      var prefix = /^(gener|commun|arsen)/.exec(w);
      var p1 = prefix ? prefix[0].length : regionStart(w, 0);
      var p2 = regionStart(w, p1);
      // Step 1a: plurals.
      if (ends(w, "sses")) w = w.slice(0, -2);
      else if (ends(w, "ied") || ends(w, "ies")) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
      else if (ends(w, "us") || ends(w, "ss")) { /* kept */ }
      else if (ends(w, "s") && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
      if (invariant.indexOf(w) < 0) {
        // Step 1b: -eed, -ed, -ing.
        var s = /(eedly|eed)$/.exec(w);
        if (s) {
          if (w.length - s[0].length >= p1) w = w.slice(0, -s[0].length) + "ee";
        } else if ((s = /(ingly|edly|ing|ed)$/.exec(w)) && /[aeiouy]/.test(w.slice(0, -s[0].length))) {
          w = w.slice(0, -s[0].length);
          if (/(at|bl|iz)$/.test(w)) w += "e";
          else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
          else if (w.length === p1 && shortSyllable(w, w.length)) w += "e";
        }
        // Step 1c: a final y after a consonant.
        if (w.length > 2 && /[yY]$/.test(w) && !vowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
        // Step 2 and 3: suffixes in R1.
        var k = longest(w, step2Keys);
        if (k && w.length - k.length >= p1) {
          var before = w[w.length - k.length - 1];
          if (k === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
          else if (k === "li") { if (before !== undefined && "cdeghkmnrt".indexOf(before) >= 0) w = w.slice(0, -2); }
          else w = w.slice(0, -k.length) + step2[k];
        }
        k = longest(w, step3Keys);
        if (k && w.length - k.length >= p1 && (k !== "ative" || w.length - k.length >= p2)) w = w.slice(0, -k.length) + step3[k];
        // Step 4: suffixes in R2.
        k = longest(w, step4Keys);
        if (k && w.length - k.length >= p2) {
          if (k !== "ion") w = w.slice(0, -k.length);
          else if (/[st]ion$/.test(w)) w = w.slice(0, -3);
        }
        // Step 5: a final e or l.
        var n = w.length;
        if (ends(w, "e") && (n - 1 >= p2 || (n - 1 >= p1 && !shortSyllable(w, n - 1)))) w = w.slice(0, -1);
        else if (ends(w, "l") && n - 1 >= p2 && w[n - 2] === "l") w = w.slice(0, -1);
      }
      return w.replace(/Y/g, "y");
    };
  })();
  // Only plain ASCII letters are stemmed, as the build does; anything else stays as it is.
  function stem(w) { return /^[a-z]+$/.test(w) ? porter2(w) : w; }
  // How words become terms with `stemOf` (a folded word's stem).
  function reading(stemOf) {
    function termOf(word) { var lower = fold(word); return isIdentifier(word) ? lower : stemOf(lower); }
    // The terms a query token stands for: a CJK run's pairs, joined words with a digit whole,
    // others word by word.
    function tokenTerms(token) {
      if (isCjk(token)) return cjkTerms(token);
      if (/[-.]/.test(token) && /\p{N}/u.test(token)) return [fold(token)];
      return words(token).map(termOf);
    }
    function textTerms(text) { return [].concat.apply([], tokens(text).map(tokenTerms)); }
    return { termOf: termOf, tokenTerms: tokenTerms, textTerms: textTerms };
  }
  var english = reading(stem);
  var termOf = english.termOf, tokenTerms = english.tokenTerms, textTerms = english.textTerms;
  // The reading of an index's language (meta.language; none is English): English words by
  // Porter2, others by the index's forms (`forms`, a Map of folded word → stem, filled as its
  // files arrive), a word it does not know staying as typed, folded.
  function inLanguage(language, forms) {
    if (!language || /^en$/i.test(language) || !forms) return english;
    return reading(function (w) { var s = forms.get(w); return typeof s === "string" ? s : w; });
  }

  // ---- the typo rule ----
  function closeEnough(a, b) { // Damerau distance of at most one
    if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // Which words of the index a misspelt term of five letters or more may have meant: one edit
  // from its stem, or, since a misspelt word stems differently ("incidnet" is not one edit
  // from "incid", nor "certficate" from "certif"), a stem of five letters or more that the
  // word as typed (`typed`, or the term) begins with, give or take one edit, followed by at
  // most five letters (what stemming takes off).
  function misspelling(term, typed) {
    var word = typeof typed === "string" ? typed : term;
    var begins = function (t) {
      return t.length >= 5 && word.length - t.length <= 5 && [0, 1, -1].some(function (d) {
        return closeEnough(word.slice(0, t.length + d), t);
      });
    };
    return function (t) { return closeEnough(term, t) || begins(t); };
  }

  search.text = {
    asMap: asMap, fold: fold, words: words, tokens: tokens, isIdentifier: isIdentifier, stem: stem,
    termOf: termOf, tokenTerms: tokenTerms, textTerms: textTerms, isCjk: isCjk, cjkTerms: cjkTerms,
    inLanguage: inLanguage, closeEnough: closeEnough, misspelling: misspelling,
  };
})(window.dontpanicSearch = window.dontpanicSearch || {});
