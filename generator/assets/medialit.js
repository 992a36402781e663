/* Medialit Lessons: spot-then-reveal practice, and callouts that close with Escape.
 *
 * Plain JavaScript, no dependencies, no requests: the answer key is embedded in the
 * page as JSON (<div id="ml-answer-key" data-key="...">) and picks are scored here,
 * in the browser. Works with Material's instant navigation on (document$) or off.
 *
 * The answer key refers to the words of the "Read it first" copy by number: the n-th
 * <span class="ml-w"> is word n. A pick is a run of words with a category; it finds a
 * callout when it overlaps one of the same category.
 */
(function () {
  "use strict";

  var DEFAULT_MAX = 15;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function norm(word) {
    return word.toLowerCase()
      .replace(/[\u2018\u2019`]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2010-\u2014]/g, "-")
      .replace(/^[^\w']+|[^\w']+$/g, "");
  }

  function overlaps(a, b) {
    return a.first <= b.last && b.first <= a.last;
  }

  function Practice(text, data) {
    this.text = text;
    this.data = data;
    this.max = data.maxWords || DEFAULT_MAX;
    this.labels = data.categories;
    this.cats = Object.keys(data.categories);
    this.words = Array.prototype.slice.call(text.querySelectorAll(".ml-w"));
    this.tokens = this.words.map(function (w) { return norm(w.textContent); });
    this.picks = [];
    this.nextId = 1;
    this.lastRange = null;
    this.build();
  }

  Practice.prototype.build = function () {
    var self = this;
    var radios = this.cats.map(function (cat, i) {
      var input = el("input", { type: "radio", name: "ml-category", value: cat });
      if (i === 0) input.checked = true;
      return el("label", { className: "ml-radio" }, [input, " ",
        el("span", { className: "ml-label ml-label--" + cat, text: self.labels[cat] })]);
    });
    this.markButton = el("button", { type: "button", className: "md-button", "aria-describedby": "ml-practice-help" },
      ["Mark selection"]);
    this.phrase = el("input", { id: "ml-phrase", type: "text", autocomplete: "off", spellcheck: "false",
      "aria-describedby": "ml-practice-help" });
    this.form = el("form", { className: "ml-practice-type" }, [
      el("label", { for: "ml-phrase", text: "Or type a phrase from the article" }), " ", this.phrase, " ",
      el("button", { type: "submit", className: "md-button" }, ["Mark phrase"])]);
    this.bar = el("div", { className: "ml-practice-bar", role: "group", "aria-label": "Mark a phrase" }, [
      el("fieldset", { className: "ml-practice-cats" }, [el("legend", { text: "Category" })].concat(radios)),
      this.markButton, this.form]);

    this.count = el("span", { text: "0" });
    this.list = el("ol", { className: "ml-picks", "aria-labelledby": "ml-picks-title" });
    this.checkButton = el("button", { type: "button", className: "md-button md-button--primary" }, ["Check my picks"]);
    this.resetButton = el("button", { type: "button", className: "md-button" }, ["Start again"]);
    this.live = el("p", { className: "ml-live", role: "status", "aria-live": "polite" });
    this.results = el("div", { className: "ml-results", tabindex: "-1", "aria-labelledby": "ml-results-title" });
    this.results.hidden = true;
    this.panel = el("section", { className: "ml-practice", "aria-labelledby": "ml-practice-title" }, [
      el("h3", { id: "ml-practice-title", text: "Practise: mark where you would stop and ask" }),
      el("p", { id: "ml-practice-help", text: "Select a phrase in the article (drag across it, double-click a word, " +
        "or press and hold on a touch screen), choose its category and press Mark selection. With a keyboard or " +
        "screen reader, type the phrase in the box instead. Mark at most " + this.max + " words at a time." }),
      el("h4", { id: "ml-picks-title" }, ["Your picks: ", this.count]),
      this.list,
      el("p", { className: "ml-practice-actions" }, [this.checkButton, " ", this.resetButton]),
      this.live,
      this.results]);

    this.text.insertAdjacentElement("afterend", this.bar);
    this.bar.insertAdjacentElement("afterend", this.panel);

    document.addEventListener("selectionchange", function () { self.rememberSelection(); });
    this.markButton.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    this.markButton.addEventListener("click", function () { self.markSelection(); });
    this.form.addEventListener("submit", function (ev) { ev.preventDefault(); self.markPhrase(); });
    this.checkButton.addEventListener("click", function () { self.check(); });
    this.resetButton.addEventListener("click", function () { self.reset(); });
  };

  Practice.prototype.category = function () {
    var checked = this.bar.querySelector("input[name=ml-category]:checked");
    return checked ? checked.value : this.cats[0];
  };

  Practice.prototype.say = function (message) {
    this.live.textContent = message;
  };

  Practice.prototype.phraseOf = function (first, last) {
    return this.words.slice(first, last + 1).map(function (w) { return w.textContent; }).join(" ");
  };

  /* The words a DOM range covers by at least one character, as [first, last], or null. */
  Practice.prototype.wordsIn = function (range) {
    var first = -1, last = -1;
    for (var i = 0; i < this.words.length; i++) {
      var wr = document.createRange();
      wr.selectNodeContents(this.words[i]);
      if (range.compareBoundaryPoints(Range.END_TO_START, wr) < 0 &&
          range.compareBoundaryPoints(Range.START_TO_END, wr) > 0) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return first < 0 ? null : [first, last];
  };

  Practice.prototype.rememberSelection = function () {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (this.text.contains(range.commonAncestorContainer) || range.intersectsNode(this.text)) {
      this.lastRange = this.wordsIn(range);
    }
  };

  Practice.prototype.markSelection = function () {
    this.rememberSelection();
    if (!this.lastRange) {
      this.say("Select a phrase in the article first, or type it in the box.");
      return;
    }
    var r = this.lastRange;
    this.lastRange = null;
    var sel = window.getSelection();
    if (sel) sel.removeAllRanges();
    this.add(r[0], r[1], this.category());
  };

  /* The first place where the typed words occur, preferring one not yet marked. */
  Practice.prototype.find = function (phrase) {
    var want = phrase.split(/\s+/).map(norm).filter(Boolean);
    if (!want.length) return null;
    var found = [];
    for (var i = 0; i + want.length <= this.tokens.length; i++) {
      var ok = true;
      for (var j = 0; j < want.length && ok; j++) ok = this.tokens[i + j] === want[j];
      if (ok) found.push([i, i + want.length - 1]);
    }
    var picks = this.picks;
    var fresh = found.filter(function (r) {
      return !picks.some(function (p) { return p.first === r[0] && p.last === r[1]; });
    });
    return (fresh.length ? fresh : found)[0] || null;
  };

  Practice.prototype.markPhrase = function () {
    var typed = this.phrase.value.trim();
    if (!typed) {
      this.say("Type a phrase from the article first.");
      return;
    }
    var r = this.find(typed);
    if (!r) {
      this.say("\u201c" + typed + "\u201d is not in the article. Check the spelling, or copy the words exactly.");
      return;
    }
    if (this.add(r[0], r[1], this.category())) this.phrase.value = "";
  };

  Practice.prototype.add = function (first, last, category) {
    var n = last - first + 1;
    if (n > this.max) {
      this.say("That is " + n + " words. Mark a shorter phrase: at most " + this.max + " words, just the words that make you stop.");
      return false;
    }
    if (this.picks.some(function (p) { return p.first === first && p.last === last && p.category === category; })) {
      this.say("You have already marked \u201c" + this.phraseOf(first, last) + "\u201d.");
      return false;
    }
    this.picks.push({ id: this.nextId++, first: first, last: last, category: category });
    this.picks.sort(function (a, b) { return a.first - b.first || a.last - b.last; });
    this.clearResults();
    this.render();
    this.say("Marked \u201c" + this.phraseOf(first, last) + "\u201d as " + this.labels[category] + ". " +
      this.picks.length + " pick" + (this.picks.length === 1 ? "" : "s") + ".");
    return true;
  };

  Practice.prototype.remove = function (id) {
    var index = this.picks.findIndex(function (p) { return p.id === id; });
    if (index < 0) return;
    var p = this.picks.splice(index, 1)[0];
    this.clearResults();
    this.render();
    this.say("Removed \u201c" + this.phraseOf(p.first, p.last) + "\u201d. " + this.picks.length + " left.");
    var buttons = this.list.querySelectorAll("button");
    (buttons[Math.min(index, buttons.length - 1)] || this.phrase).focus();
  };

  Practice.prototype.render = function () {
    var self = this;
    this.count.textContent = String(this.picks.length);
    this.list.textContent = "";
    this.words.forEach(function (w) { w.classList.remove("ml-w--picked", "ml-w--pick-end"); });
    this.picks.forEach(function (p) {
      for (var i = p.first; i <= p.last; i++) self.words[i].classList.add("ml-w--picked");
      self.words[p.last].classList.add("ml-w--pick-end");
      var phrase = self.phraseOf(p.first, p.last);
      var button = el("button", { type: "button", className: "ml-remove", "aria-label": "Remove \u201c" + phrase + "\u201d" },
        ["Remove"]);
      button.addEventListener("click", function () { self.remove(p.id); });
      self.list.appendChild(el("li", {}, [el("q", { text: phrase }), " ",
        el("span", { className: "ml-label ml-label--" + p.category, text: self.labels[p.category] }), " ", button]));
    });
  };

  Practice.prototype.score = function () {
    var key = this.data.key, cats = this.cats;
    var by = {};
    cats.forEach(function (c) { by[c] = { found: [], missed: [], over: [] }; });
    var found = {};
    this.picks.forEach(function (p) {
      var same = key.filter(function (k) { return k.category === p.category && overlaps(p, k); });
      same.forEach(function (k) { found[k.n] = true; });
      p.hit = same.length > 0;
      p.others = same.length ? [] : key.filter(function (k) { return overlaps(p, k); });
      if (!p.hit) by[p.category].over.push(p);
    });
    key.forEach(function (k) { by[k.category][found[k.n] ? "found" : "missed"].push(k); });
    return by;
  };

  Practice.prototype.clearResults = function () {
    this.results.hidden = true;
    this.results.textContent = "";
    this.words.forEach(function (w) { w.classList.remove("ml-w--found", "ml-w--over", "ml-w--missed", "ml-w--over-end"); });
  };

  Practice.prototype.check = function () {
    var self = this;
    if (!this.picks.length) {
      this.say("Mark at least one phrase first.");
      return;
    }
    this.clearResults();
    var by = this.score();
    var total = this.data.key.length, foundAll = 0, overAll = 0;
    var tbody = el("tbody");
    this.cats.forEach(function (c) {
      var r = by[c], of = r.found.length + r.missed.length;
      foundAll += r.found.length;
      overAll += r.over.length;
      tbody.appendChild(el("tr", { "data-result": c }, [
        el("th", { scope: "row" }, [el("span", { className: "ml-label ml-label--" + c, text: self.labels[c] })]),
        el("td", { "data-found": String(r.found.length), text: r.found.length + " of " + of }),
        el("td", { "data-missed": String(r.missed.length), text: String(r.missed.length) }),
        el("td", { "data-over": String(r.over.length), text: String(r.over.length) })]));
    });
    var summary = "You found " + foundAll + " of " + total + " callouts; " + overAll + " of your picks " +
      (overAll === 1 ? "is" : "are") + " over-flagged (no callout of that category there).";
    var table = el("table", { "data-ml-score": "" }, [
      el("caption", { text: "Found, missed and over-flagged, by category" }),
      el("thead", {}, [el("tr", {}, ["Category", "Found", "Missed", "Over-flagged"].map(function (h) {
        return el("th", { scope: "col", text: h });
      }))]), tbody]);
    var missed = el("ul", { className: "ml-missed-list" });
    var over = el("ul", { className: "ml-over-list" });
    this.cats.forEach(function (c) {
      by[c].missed.forEach(function (k) {
        for (var i = k.first; i <= k.last; i++) self.words[i].classList.add("ml-w--missed");
        missed.appendChild(el("li", {}, [el("q", { text: k.text }), " (" + self.labels[c] + ") ",
          el("a", { href: "#callout-" + k.n, text: "read callout " + k.n })]));
      });
      by[c].over.forEach(function (p) {
        var why = p.others.length ? " The callout here is " + p.others.map(function (k) {
          return self.labels[k.category] + " (callout " + k.n + ")";
        }).join(", ") + "." : " No callout here: was it a cue, or plain reporting?";
        over.appendChild(el("li", {}, [el("q", { text: self.phraseOf(p.first, p.last) }),
          " (" + self.labels[p.category] + ")." + why]));
      });
    });
    this.picks.forEach(function (p) {
      for (var i = p.first; i <= p.last; i++) self.words[i].classList.add(p.hit ? "ml-w--found" : "ml-w--over");
      if (!p.hit) self.words[p.last].classList.add("ml-w--over-end");
    });
    var reveal = el("button", { type: "button", className: "md-button md-button--primary" }, ["Compare with the annotated view"]);
    reveal.addEventListener("click", function () { self.reveal(); });
    var parts = [el("h4", { id: "ml-results-title", text: "Your result" }), el("p", { className: "ml-summary-line", text: summary }), table];
    if (missed.children.length) parts.push(el("h5", { text: "Missed" }), missed);
    if (over.children.length) parts.push(el("h5", { text: "Over-flagged" }), over);
    parts.push(el("p", {}, [reveal]));
    parts.forEach(function (p) { self.results.appendChild(p); });
    this.results.hidden = false;
    this.say(summary);
    this.results.focus();
  };

  Practice.prototype.reveal = function () {
    var set = this.text.closest(".tabbed-set");
    var labels = set ? set.querySelectorAll(".tabbed-labels > label") : [];
    if (labels.length > 1) {
      labels[1].click();
      var target = set.querySelectorAll(".tabbed-block")[1];
      if (target) {
        target.setAttribute("tabindex", "-1");
        target.focus();
      }
    }
  };

  Practice.prototype.reset = function () {
    this.picks = [];
    this.clearResults();
    this.render();
    this.say("All picks removed. Start again.");
  };

  /* A table wider than the page scrolls in Material's wrapper: make it reachable by keyboard (WCAG 2.1.1). */
  function scrollableTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      }
    });
  }

  function setup() {
    scrollableTables();
    var text = document.querySelector(".ml-practice-text");
    var key = document.getElementById("ml-answer-key");
    if (!text || !key || text.getAttribute("data-ml-ready")) return;
    text.setAttribute("data-ml-ready", "1");
    new Practice(text, JSON.parse(key.getAttribute("data-key")));
  }

  /* WCAG 1.4.13: an open callout closes with Escape, without moving focus or the pointer. */
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      var open = document.querySelectorAll(".md-annotation:focus-within, .md-annotation:hover");
      Array.prototype.forEach.call(open, function (a) { a.classList.add("ml-dismissed"); });
    } else if ((ev.key === "Enter" || ev.key === " ") && ev.target.closest) {
      var marker = ev.target.closest(".md-annotation.ml-dismissed");
      if (marker) {
        marker.classList.remove("ml-dismissed");
        ev.preventDefault();
      }
    }
  }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target.matches && ev.target.matches(".tabbed-set > input")) scrollableTables();
  });
  window.addEventListener("resize", scrollableTables);
  document.addEventListener("focusout", function (ev) {
    var a = ev.target.closest && ev.target.closest(".md-annotation");
    if (a && !a.contains(ev.relatedTarget)) a.classList.remove("ml-dismissed");
  });
  document.addEventListener("mouseout", function (ev) {
    var a = ev.target.closest && ev.target.closest(".md-annotation");
    if (a && !a.contains(ev.relatedTarget) && a !== document.activeElement) a.classList.remove("ml-dismissed");
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
