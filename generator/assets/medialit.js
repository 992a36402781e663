/* Medialit Lessons: spot-then-reveal practice, links to a callout's highlight, callouts that close with Escape.
 *
 * Plain JavaScript, no dependencies, no requests. The page brings everything: the answer key as
 * JSON in <div id="ml-answer-key" data-key="..." data-lesson="slug">, and every text this script
 * shows or announces as data-* attributes of <div id="ml-practice-ui"> (templates/practice-ui.md.j2).
 * The script holds no text of its own. Works with Material's instant navigation on (document$) or off.
 *
 * The answer key refers to the words of the "Read it first" copy by number: the n-th
 * <span class="ml-w"> is word n. A pick is a run of words with a category; it finds a
 * callout when it overlaps one of the same category. Picks and whether they were checked
 * are kept in the browser's localStorage, per lesson; nothing leaves the browser.
 */
(function () {
  "use strict";

  var STORE = "medialit:practice:";
  var BUBBLE_MS = 7000;

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

  /* A text of the page's with its {placeholders} filled in. */
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values || {}, name) ? String(values[name]) : all;
    });
  }

  function norm(word) {
    return word.toLowerCase()
      .replace(/[\u2018\u2019`]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2010-\u2014]/g, "-")
      .replace(/^[^\w']+|[^\w']+$/g, "");
  }

  function overlaps(a, b) {
    return a.first <= b.last && b.first <= a.last;
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;  // storage turned off: practice still works, it is just not kept
    }
  }

  function Practice(text, data, ui, lesson) {
    this.text = text;
    this.data = data;
    this.ui = ui;
    this.key = STORE + lesson;
    this.max = data.maxWords;
    this.labels = data.categories;
    this.cats = Object.keys(data.categories);
    this.words = Array.prototype.slice.call(text.querySelectorAll(".ml-w"));
    this.tokens = this.words.map(function (w) { return norm(w.textContent); });
    this.picks = [];
    this.checked = false;
    this.nextId = 1;
    this.lastRange = null;
    this.timer = 0;
    this.build();
    this.restore();
  }

  Practice.prototype.build = function () {
    var self = this, ui = this.ui;
    // The bar sticks to the bottom of the screen only while the article is on it.
    this.area = el("div", { className: "ml-practice-area" });
    this.text.parentNode.insertBefore(this.area, this.text);
    this.area.appendChild(this.text);
    this.bubble = el("div", { className: "ml-bubble", "aria-hidden": "true" });
    this.bubble.hidden = true;

    this.checkButton = el("button", { type: "button", className: "md-button md-button--primary ml-check" }, [ui.check]);
    this.live = el("p", { className: "ml-live", role: "status", "aria-live": "polite" });
    this.bar = el("div", { className: "ml-practice-bar", role: "group", "aria-label": ui.barLabel }, [
      el("span", { className: "ml-bar-title", "aria-hidden": "true", text: ui.markAs }),
      el("span", { className: "ml-cats" }, this.categoryButtons("ml-cat-bar", function (cat) { self.markSelection(cat); })),
      this.checkButton, this.live]);
    this.area.appendChild(this.bar);

    this.title = el("h3", { id: "ml-picks-title" });
    this.list = el("ol", { className: "ml-picks", "aria-labelledby": "ml-picks-title" });
    this.phrase = el("input", { id: "ml-phrase", type: "text", autocomplete: "off", spellcheck: "false",
      "aria-describedby": "ml-practice-help" });
    this.typeButtons = this.categoryButtons("ml-cat-type", function (cat) { self.markPhrase(cat); });
    var asLabel = el("span", { id: "ml-type-as", text: ui.typeMarkAs });
    this.typeButtons.forEach(function (b) { b.setAttribute("aria-describedby", "ml-type-as"); });
    this.type = el("div", { className: "ml-practice-type" }, [
      el("label", { id: "ml-type-label", for: "ml-phrase", text: ui.typeLabel }), " ", this.phrase, " ", asLabel, " ",
      el("span", { className: "ml-cats" }, this.typeButtons)]);
    this.resetButton = el("button", { type: "button", className: "md-button" }, [ui.startOver]);
    this.results = el("div", { className: "ml-results", tabindex: "-1", "aria-labelledby": "ml-results-title" });
    this.results.hidden = true;
    this.panel = el("section", { className: "ml-practice", "aria-labelledby": "ml-picks-title" }, [
      this.title, this.list, this.type, el("p", { className: "ml-practice-actions" }, [this.resetButton]), this.results]);
    this.area.insertAdjacentElement("afterend", this.panel);

    document.addEventListener("selectionchange", function () { self.rememberSelection(); });
    // a press in the article starts a new selection (or none): forget the last one
    this.text.addEventListener("pointerdown", function () { self.lastRange = null; });
    this.phrase.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      if (!self.phrase.value.trim()) {
        self.say(ui.typeFirst, self.phrase);
      } else {
        self.say(ui.chooseCategory, self.phrase);
        self.typeButtons[0].focus();
      }
    });
    this.checkButton.addEventListener("click", function () { self.check(true); });
    this.resetButton.addEventListener("click", function () { self.reset(); });
  };

  /* One button per category, none chosen beforehand: pressing one marks the words as that category. */
  Practice.prototype.categoryButtons = function (className, action) {
    var self = this;
    return this.cats.map(function (cat) {
      var button = el("button", { type: "button", className: "ml-cat ml-label ml-label--" + cat + " " + className,
        "data-cat": cat }, [self.labels[cat]]);
      button.addEventListener("mousedown", function (ev) { ev.preventDefault(); });  // keep the selection
      button.addEventListener("click", function () { action(cat); });
      return button;
    });
  };

  /* Feedback: announced by the live region, and shown in a bubble next to ``anchor`` (a word, or the bar). */
  Practice.prototype.say = function (message, anchor) {
    var self = this;
    this.live.textContent = message;
    this.bubble.textContent = message;
    this.bubble.hidden = false;
    if (!anchor || !this.text.contains(anchor)) {
      this.bubble.className = "ml-bubble ml-bubble--bar";
      if (anchor && this.panel.contains(anchor)) {
        this.bubble.className = "ml-bubble ml-bubble--below";
        anchor.insertAdjacentElement("afterend", this.bubble);
      } else {
        this.bar.appendChild(this.bubble);
      }
    } else {
      this.bubble.className = "ml-bubble";
      this.area.appendChild(this.bubble);
      var area = this.area.getBoundingClientRect(), at = anchor.getBoundingClientRect();
      var width = this.bubble.offsetWidth;
      this.bubble.style.top = (at.bottom - area.top + 6) + "px";
      this.bubble.style.left = Math.max(0, Math.min(at.left - area.left - 12, area.width - width)) + "px";
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.bubble.hidden = true; }, BUBBLE_MS);
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

  Practice.prototype.markSelection = function (category) {
    this.rememberSelection();
    var r = this.lastRange;
    if (!r) {
      this.say(this.ui.selectFirst);
      return;
    }
    var n = r[1] - r[0] + 1;
    if (n > this.max) {  // the selection stays, so the student can shorten it
      this.say(fill(this.ui.tooLong, { n: n, max: this.max }), this.words[r[1]]);
      return;
    }
    this.lastRange = null;
    var sel = window.getSelection();
    if (sel) sel.removeAllRanges();
    this.add(r[0], r[1], category, this.words[r[1]]);
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

  Practice.prototype.markPhrase = function (category) {
    var typed = this.phrase.value.trim();
    if (!typed) {
      this.say(this.ui.typeFirst, this.phrase);
      this.phrase.focus();
      return;
    }
    var words = typed.split(/\s+/).length;
    if (words > this.max) {
      this.say(fill(this.ui.tooLong, { n: words, max: this.max }), this.type);
      return;
    }
    var r = this.find(typed);
    if (!r) {
      this.say(fill(this.ui.notFound, { phrase: typed }), this.type);
      return;
    }
    if (this.add(r[0], r[1], category, this.type)) {
      this.phrase.value = "";
      this.phrase.focus();
    }
  };

  Practice.prototype.add = function (first, last, category, anchor) {
    var phrase = this.phraseOf(first, last);
    if (this.picks.some(function (p) { return p.first === first && p.last === last && p.category === category; })) {
      this.say(fill(this.ui.already, { phrase: phrase, category: this.labels[category] }), anchor);
      return false;
    }
    this.picks.push({ id: this.nextId++, first: first, last: last, category: category });
    this.picks.sort(function (a, b) { return a.first - b.first || a.last - b.last; });
    this.checked = false;
    this.update();
    this.say(fill(this.ui.marked, { phrase: phrase, category: this.labels[category], n: this.picks.length }), anchor);
    return true;
  };

  Practice.prototype.remove = function (id) {
    var index = this.picks.findIndex(function (p) { return p.id === id; });
    if (index < 0) return;
    var p = this.picks.splice(index, 1)[0];
    this.checked = false;
    this.update();
    var buttons = this.list.querySelectorAll("button");
    var next = buttons[Math.min(index, buttons.length - 1)] || this.phrase;
    next.focus();
    this.say(fill(this.ui.removed, { phrase: this.phraseOf(p.first, p.last), n: this.picks.length }), this.title);
  };

  /* Redraw picks and results from the state, and keep the state. */
  Practice.prototype.update = function () {
    this.render();
    if (this.checked) this.showResults(false);
    else this.clearResults();
    this.save();
  };

  Practice.prototype.render = function () {
    var self = this, ui = this.ui;
    this.title.textContent = fill(ui.picksTitle, { n: this.picks.length });
    this.list.textContent = "";
    this.words.forEach(function (w) {
      w.className = "ml-w";
    });
    this.picks.forEach(function (p) {
      for (var i = p.first; i <= p.last; i++) self.words[i].classList.add("ml-w--picked", "ml-w--as-" + p.category);
      var phrase = self.phraseOf(p.first, p.last);
      var button = el("button", { type: "button", className: "ml-remove", "aria-label": fill(ui.removeLabel, { phrase: phrase }) },
        [ui.remove]);
      button.addEventListener("click", function () { self.remove(p.id); });
      self.list.appendChild(el("li", {}, [el("q", { text: phrase }), " ",
        el("span", { className: "ml-label ml-label--" + p.category, text: self.labels[p.category] }), " ", button]));
    });
    this.tags();
  };

  /* A tag after each pick with the category it was marked as; after checking, whether it found a callout. */
  Practice.prototype.tags = function (score) {
    var self = this, ui = this.ui;
    Array.prototype.forEach.call(this.text.querySelectorAll(".ml-pick-tag"), function (t) { t.remove(); });
    this.picks.forEach(function (p) {
      var label = self.labels[p.category];
      var state = !score ? "" : p.hit ? "found" : "over";
      var text = !score ? label : fill(p.hit ? ui.tagFound : ui.tagOver, { category: label });
      self.words[p.last].insertAdjacentElement("afterend",
        el("span", { className: "ml-pick-tag ml-pick-tag--" + p.category + (state ? " ml-pick-tag--" + state : ""), text: text }));
    });
    if (!score) return;
    this.cats.forEach(function (c) {
      score[c].missed.forEach(function (k) {
        self.words[k.last].insertAdjacentElement("afterend",
          el("a", { className: "ml-pick-tag ml-pick-tag--missed", href: "#callout-" + k.n, text: fill(ui.tagMissed, { n: k.n }) }));
      });
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
  };

  Practice.prototype.check = function (announce) {
    if (!this.picks.length) {
      this.say(this.ui.noPicks);
      return;
    }
    this.checked = true;
    this.save();
    this.showResults(announce);
  };

  Practice.prototype.showResults = function (announce) {
    var self = this, ui = this.ui;
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
        el("td", { "data-found": String(r.found.length), text: fill(ui.foundOf, { found: r.found.length, total: of }) }),
        el("td", { "data-missed": String(r.missed.length), text: String(r.missed.length) }),
        el("td", { "data-over": String(r.over.length), text: String(r.over.length) })]));
    });
    var summary = fill(ui.summary, { found: foundAll, total: total, over: overAll });
    var table = el("table", { "data-ml-score": "" }, [
      el("caption", { text: ui.tableCaption }),
      el("thead", {}, [el("tr", {}, [ui.colCategory, ui.colFound, ui.colMissed, ui.colOver].map(function (h) {
        return el("th", { scope: "col", text: h });
      }))]), tbody]);
    var missed = el("ul", { className: "ml-missed-list" });
    var over = el("ul", { className: "ml-over-list" });
    this.cats.forEach(function (c) {
      by[c].missed.forEach(function (k) {
        for (var i = k.first; i <= k.last; i++) self.words[i].classList.add("ml-w--missed");
        missed.appendChild(el("li", {}, [el("q", { text: k.text }), " (" + self.labels[c] + ") ",
          el("a", { href: "#callout-" + k.n, text: fill(ui.readCallout, { n: k.n }) })]));
      });
      by[c].over.forEach(function (p) {
        var why = p.others.length ? fill(ui.calloutHere, { list: p.others.map(function (k) {
          return fill(ui.calloutItem, { category: self.labels[k.category], n: k.n });
        }).join(", ") }) : ui.noCalloutHere;
        over.appendChild(el("li", {}, [el("q", { text: self.phraseOf(p.first, p.last) }),
          " (" + self.labels[p.category] + "). " + why]));
      });
    });
    this.picks.forEach(function (p) {
      for (var i = p.first; i <= p.last; i++) self.words[i].classList.add(p.hit ? "ml-w--found" : "ml-w--over");
    });
    this.tags(by);
    var reveal = el("button", { type: "button", className: "md-button md-button--primary" }, [ui.compare]);
    reveal.addEventListener("click", function () { self.reveal(); });
    var parts = [el("h4", { id: "ml-results-title", text: ui.resultTitle }), el("p", { className: "ml-summary-line", text: summary }), table];
    if (missed.children.length) parts.push(el("h5", { text: ui.missedTitle }), missed);
    if (over.children.length) parts.push(el("h5", { text: ui.overTitle }), over);
    parts.push(el("p", {}, [reveal]));
    parts.forEach(function (p) { self.results.appendChild(p); });
    this.results.hidden = false;
    if (announce) {  // the results say it on screen: no bubble, just the live region
      this.bubble.hidden = true;
      this.live.textContent = summary;
      this.results.focus();
    }
  };

  Practice.prototype.reveal = function () {
    var set = this.text.closest(".tabbed-set");
    var inputs = set ? set.querySelectorAll(":scope > input") : [];
    if (inputs.length > 1) {
      inputs[1].click();
      var target = set.querySelectorAll(".tabbed-block")[1];
      if (target) {
        target.setAttribute("tabindex", "-1");
        target.focus();
      }
    }
  };

  Practice.prototype.reset = function () {
    this.picks = [];
    this.checked = false;
    this.update();
    this.say(this.ui.startedOver, this.title);
  };

  Practice.prototype.save = function () {
    var store = storage();
    if (!store) return;
    try {
      if (!this.picks.length) {
        store.removeItem(this.key);
        return;
      }
      store.setItem(this.key, JSON.stringify({
        words: this.words.length, checked: this.checked,
        picks: this.picks.map(function (p) { return [p.first, p.last, p.category]; })
      }));
    } catch (e) {
      // full or refused: the picks stay on the page, they are just not kept
    }
  };

  /* Picks kept from an earlier visit, if they still fit this article. */
  Practice.prototype.restore = function () {
    var self = this, store = storage(), saved = null;
    try {
      saved = store && JSON.parse(store.getItem(this.key) || "null");
    } catch (e) {
      saved = null;
    }
    var fits = saved && saved.words === this.words.length && Array.isArray(saved.picks) && saved.picks.every(function (p) {
      return Array.isArray(p) && p.length === 3 && Number.isInteger(p[0]) && Number.isInteger(p[1]) &&
        p[0] >= 0 && p[0] <= p[1] && p[1] < self.words.length && p[1] - p[0] < self.max && self.cats.indexOf(p[2]) >= 0;
    });
    if (!fits || !saved.picks.length) {
      this.render();
      if (saved && store) store.removeItem(this.key);
      return;
    }
    this.picks = saved.picks.map(function (p) { return { id: self.nextId++, first: p[0], last: p[1], category: p[2] }; });
    this.checked = saved.checked === true;
    this.update();
    this.say(fill(this.ui.restored, { n: this.picks.length }));
  };

  /* Open the view that holds a callout's highlight, show it, and open its note. */
  function showCallout(n) {
    var mark = document.getElementById("callout-" + n);
    if (!mark) return false;
    var block = mark.closest(".tabbed-block");
    var set = block && block.closest(".tabbed-set");
    if (set) {
      var blocks = Array.prototype.slice.call(set.querySelectorAll(":scope > .tabbed-content > .tabbed-block"));
      var input = set.querySelectorAll(":scope > input")[blocks.indexOf(block)];
      if (input && !input.checked) input.click();
    }
    var index = (block || document).querySelector(".md-annotation [data-md-annotation-id='" + n + "']");
    var marker = index && index.closest(".md-annotation");
    mark.scrollIntoView({ block: "center" });
    if (!marker) mark.setAttribute("tabindex", "-1");
    (marker || mark).focus({ preventScroll: true });
    return true;
  }

  function calloutOf(hash) {
    var m = /^#callout-(\d+)$/.exec(hash || "");
    return m ? m[1] : null;
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a[href^='#callout-']");
    var n = link && calloutOf(link.getAttribute("href"));
    if (n && showCallout(n)) {
      ev.preventDefault();
      ev.stopPropagation();
      if (history.replaceState) history.replaceState(history.state, "", "#callout-" + n);
    }
  }, true);
  window.addEventListener("hashchange", function () {
    var n = calloutOf(location.hash);
    if (n) showCallout(n);
  });

  /* A table wider than the page scrolls in Material's wrapper: make it reachable by keyboard (WCAG 2.1.1),
     named by the page's own words (the practice texts, or the heading above the table). */
  function scrollableTables() {
    var ui = document.getElementById("ml-practice-ui");
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var name = ui && ui.dataset.scrolls;
        if (name) {
          wrap.setAttribute("aria-label", name);
        } else {
          var heading = null;
          for (var node = wrap; node && !heading; node = node.previousElementSibling || node.parentElement) {
            if (/^H[1-6]$/.test(node.tagName) && node.id) heading = node;
          }
          if (heading) wrap.setAttribute("aria-labelledby", heading.id);
        }
      }
    });
  }

  function setup() {
    scrollableTables();
    var text = document.querySelector(".ml-practice-text");
    var key = document.getElementById("ml-answer-key");
    var ui = document.getElementById("ml-practice-ui");
    if (text && key && ui && !text.getAttribute("data-ml-ready")) {
      text.setAttribute("data-ml-ready", "1");
      new Practice(text, JSON.parse(key.getAttribute("data-key")), ui.dataset, key.getAttribute("data-lesson"));
    }
    var n = calloutOf(location.hash);
    if (n) setTimeout(function () { showCallout(n); }, 0);
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
