// Search that runs in the browser, over the index placard writes with the
// site: words in buckets by their first two letters (search/words-N.json),
// article titles and summaries in chunks (search/docs-N.json). Only the
// files a query needs are fetched, from this site alone.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  var base = form.getAttribute("data-base") || "/";
  var BUCKETS = 256;
  var PER_CHUNK = 500;
  var cache = {};

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  var FOLD = { "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  // Scripts written without spaces between words (Thai, Lao, Burmese,
  // Khmer, Japanese, Chinese): the browser's word segmenter finds the words,
  // by the rules and dictionaries placard used for the index.
  var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}]/u;
  var IDEOGRAPHS = /^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}]+$/u;
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  // The words of a query, folded as the index folds them.
  // Latin words lose their accents; words of other scripts (Cyrillic,
  // Greek, Arabic, …) are kept as typed, in lower case, without Greek
  // accents, Russian ё, Arabic short vowels and hamza forms, Hebrew points.
  function words(q) {
    var out = [];
    q.toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).forEach(function (w) {
      if (segmenter && UNSPACED.test(w)) {
        Array.from(segmenter.segment(w)).forEach(function (s) {
          if (Array.from(s.segment).length >= 2 || IDEOGRAPHS.test(s.segment)) out.push(s.segment);
        });
        return;
      }
      if (/^[\u0000-\u024f\u1e00-\u1eff]*$/.test(w)) {
        w = w.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
          .replace(/[ßæøœłđðþı]/g, function (c) { return FOLD[c]; })
          .replace(/[^a-z0-9]+/g, "");
      }
      if (/[\u0370-\u03ff\u1f00-\u1fff]/.test(w)) {
        w = w.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ς/g, "σ");
      } else {
        w = w.replace(/ё/g, "е")
          .replace(/[\u064b-\u065f\u0670\u0640]/g, "").replace(/[أإآٱ]/g, "ا").replace(/ى/g, "ي")
          .replace(/ة/g, "ه")
          .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
          .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); })
          .replace(/[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4-\u05c7]/g, "");
        // The Arabic article off (as the index has it), three letters kept.
        var article = /^(وال|بال|كال|فال|ال|لل)/.exec(w);
        if (article && Array.from(w).length - article[1].length >= 3) w = w.slice(article[1].length);
      }
      if (Array.from(w).length >= 2) out.push(w);
    });
    return out;
  }

  // Whether term is word with another ending, in a script whose words
  // change their endings (Cyrillic, Greek, Arabic, Hebrew, Armenian,
  // Georgian): беженка finds беженки. Both keep all but their last two
  // letters in common, and four letters at least.
  var INFLECTED = /^[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u0530-\u058f\u0590-\u06ff\u10a0-\u10ff]+$/;
  function ending(term, word) {
    if (!INFLECTED.test(word)) return false;
    var a = Array.from(term), b = Array.from(word);
    if (b.length < 5 || a.length > b.length + 3) return false;
    var same = 0;
    while (same < a.length && same < b.length && a[same] === b[same]) same++;
    return same >= Math.max(4, b.length - 2);
  }

  function bucket(w) {
    var c = Array.from(w);
    return (c[0].codePointAt(0) * 31 + (c[1] ? c[1].codePointAt(0) : 0)) % BUCKETS;
  }

  // The page's own words for what the search says, from its strings.
  var SAID = {
    none: "No articles match \u201c{query}\u201d.",
    one: "1 article matches \u201c{query}\u201d.",
    many: "{count} articles match \u201c{query}\u201d.",
    short: "Type at least two letters.",
    failed: "The search index could not be loaded."
  };
  function phrase(what) {
    return status.getAttribute("data-" + what) || SAID[what];
  }

  // What the status says, in the words the page gives for `what`; words
  // in another language than the page's (English filling a gap) are
  // marked with it.
  function say(text, what) {
    status.textContent = text;
    var lang = what && status.getAttribute("data-lang-" + what);
    if (lang) {
      status.lang = lang;
      status.dir = "auto";
    } else {
      status.removeAttribute("lang");
      status.removeAttribute("dir");
    }
  }

  function show(results, rows, q) {
    list.textContent = "";
    results.forEach(function (id) {
      var row = rows[id];
      var li = document.createElement("li");
      // An article in another language than the page is marked as such.
      if (row[6]) {
        li.lang = row[6];
        li.dir = row[7] || "auto";
      }
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = row[1];
      a.textContent = row[0];
      h.appendChild(a);
      li.appendChild(h);
      var meta = [row[2], row[3]].filter(Boolean).join(" · ");
      if (meta) {
        var m = document.createElement("p");
        m.className = "meta";
        m.textContent = meta;
        li.appendChild(m);
      }
      // The content warning comes before the summary, as on the cards.
      if (row[5]) {
        var w = document.createElement("p");
        w.className = "warning-marker";
        w.textContent = row[5];
        li.appendChild(w);
      }
      if (row[4]) {
        var p = document.createElement("p");
        p.textContent = row[4];
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    var n = results.length;
    // Many in the plural form the page's language takes for n, where the
    // strings give one.
    var form = window.Intl && Intl.PluralRules ? "many-" + new Intl.PluralRules(document.documentElement.lang).select(n) : "";
    var what = n === 0 ? "none" : n === 1 ? "one" : "many";
    var said = what === "many" ? status.getAttribute("data-" + form) || phrase("many") : phrase(what);
    say(said.replace("{count}", n).replace("{query}", q), what);
  }

  var latest = 0;
  function search(q) {
    var ask = ++latest;
    var ws = words(q);
    if (!ws.length) {
      list.textContent = "";
      say(q.trim() ? phrase("short") : "", "short");
      return;
    }
    Promise.all(ws.map(function (w) { return get("search/words-" + bucket(w) + ".json"); }))
      .then(function (buckets) {
        var total = null;
        ws.forEach(function (w, i) {
          var last = i === ws.length - 1;
          var scores = {};
          Object.keys(buckets[i]).forEach(function (term) {
            // The last word may be half typed: it matches as a prefix. A
            // word of an inflected script matches its other endings,
            // ranked below the form typed.
            var weight = term === w || (last && term.lastIndexOf(w, 0) === 0) ? 1 : ending(term, w) ? 0.5 : 0;
            if (weight) {
              buckets[i][term].forEach(function (p) {
                scores[p[0]] = Math.max(scores[p[0]] || 0, p[1] * weight);
              });
            }
          });
          if (total === null) {
            total = scores;
          } else {
            var both = {};
            Object.keys(total).forEach(function (d) { if (d in scores) both[d] = total[d] + scores[d]; });
            total = both;
          }
        });
        var ids = Object.keys(total).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; }).slice(0, 50);
        var chunks = ids.map(function (id) { return Math.floor(id / PER_CHUNK); })
          .filter(function (c, i, all) { return all.indexOf(c) === i; });
        return Promise.all(chunks.map(function (c) { return get("search/docs-" + c + ".json"); })).then(function (docs) {
          var rows = {};
          chunks.forEach(function (c, i) {
            docs[i].forEach(function (row, k) { rows[c * PER_CHUNK + k] = row; });
          });
          if (ask === latest) show(ids, rows, q);
        });
      })
      .catch(function () {
        if (ask === latest) say(phrase("failed"), "failed");
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  // What a reader looks for stays out of the address bar and the
  // browser's history: searches here run in place, a query handed over by
  // the search box of another page (placard.js) comes in session storage,
  // and one in the address (?q=, without JavaScript there) is taken out.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });
  var q = null;
  try {
    q = sessionStorage.getItem("placard-q");
    sessionStorage.removeItem("placard-q");
  } catch (e) { /* storage off: nothing handed over */ }
  if (window.location.search) {
    q = q || new URLSearchParams(window.location.search).get("q");
    history.replaceState(null, "", window.location.pathname + window.location.hash);
  }
  if (q) {
    input.value = q;
    search(q);
  }
})();
