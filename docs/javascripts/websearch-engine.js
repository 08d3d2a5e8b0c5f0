/* zhidu: the search box's engine (loaded before websearch.js, which wires it to Material's search box).

   It mirrors the offline CLI's (search/query.py, search/scoring.py): queries are cut into the index's own words by
   the most probable segmentation over its vocabulary, widened by the thesaurus, a citation such as 考勤管理规定第十二条
   jumps to its article, words that name a regulation put its articles first, and BM25F over the article text and its
   head (names, chapter) ranks the rest in tiers (all words, all but one, any), the best of each re-ranked by the
   query's phrases and the article's first sentence. Texts in force come first; pending, superseded and repealed
   texts follow. Only the shards of zhidu-search/ (search/web.py) that a query needs are fetched, each once. */
(function () {
  "use strict";

  var CITATION_BATCH = 8;
  /* Every ranking constant and pattern comes from meta.json (search/ranking.py writes them; the CLI uses the same
     values): ``rules`` holds the index's meta and its patterns, compiled once when meta.json arrives. */
  var rules = null;

  function compile(meta) {
    var p = meta.patterns;
    rules = {
      meta: meta, chunk: new RegExp(p.chunk, "g"), citation: new RegExp(p.citation, "g"), lead: new RegExp(p.lead), split: new RegExp(p.split),
      invisible: new RegExp("[" + escapeRe(meta.invisible) + "]", "g"),
    };
  }

  function isHan(ch) { return ch >= "\u3400" && ch <= "\ufaff"; }

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase().replace(rules.invisible, "");
  }

  function chunks(text) { return text.match(rules.chunk) || []; }

  /* The CLI's as_typed: normalize without the lower case, to name letters back as typed (U盘). */
  function asTyped(text) { return text.normalize("NFKC").replace(rules.invisible, ""); }

  /* Each run of the text as [run, start, end], as the CLI's _CHUNK_RE.finditer. */
  function runsOf(text) {
    var re = new RegExp(rules.chunk.source, "g"), out = [], m;
    while ((m = re.exec(text)) !== null) out.push([m[0], m.index, m.index + m[0].length]);
    return out;
  }

  function cnToInt(text) {
    var DIGITS = rules.meta.digits, UNITS = rules.meta.units;
    if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
    var chars = Array.from(text);
    if (chars.length > 1 && chars.every(function (c) { return c in DIGITS; })) {
      return parseInt(chars.map(function (c) { return DIGITS[c]; }).join(""), 10);
    }
    var total = 0, current = 0;
    chars.forEach(function (c) {
      if (c in DIGITS) { current = DIGITS[c]; } else { total += (current || 1) * UNITS[c]; current = 0; }
    });
    return total + current;
  }

  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; });
  }

  /* ---- the index, fetched piece by piece ----------------------------------------------------------------- */

  function Index(root) {
    this.root = root;
    this.cache = {};
    this.meta = null;
    this.vocab = {};
  }

  Index.prototype.fetch = function (path, binary) {
    var found = this.cache[path];
    if (!found) {
      var cache = this.cache;
      found = cache[path] = fetch(this.url(path)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return binary ? response.arrayBuffer() : response.json();
      }).catch(function (error) {
        delete cache[path];  // a failed request is tried again by the next query
        throw error;
      });
    }
    return found;
  };

  /* A file of the index with the index's version (meta.json's hash of its contents) as ?v=, so that the browser may
     keep it for good (docs/deploy/nginx.conf); meta.json itself is always asked for plainly, and revalidated. */
  Index.prototype.url = function (path) {
    var version = path !== "meta.json" && this.meta && this.meta.version;
    return this.root + path + (version ? "?v=" + encodeURIComponent(version) : "");
  };

  Index.prototype.load = function () {
    var self = this;
    if (this.meta) return Promise.resolve(this.meta);
    return this.fetch("meta.json").then(function (meta) {
      if (!self.meta) {
        /* meta.json ships each version's URL as a form (zhidu/urls.py) and each name's regulations as version
           numbers (search/web.py): both back to what the engine and the box read, a version's URL as its [7]. */
        meta.versions.forEach(function (v) {
          v[7] = meta.urlForms[v[4] ? 0 : 1].replace("{id}", v[0]).replace("{effective}", v[3]);
        });
        Object.keys(meta.names).forEach(function (name) {
          meta.names[name] = meta.names[name].map(function (number) { return meta.versions[number][0]; });
        });
        compile(meta);
        self.meta = meta;
        self.tierOf = new Uint8Array(meta.docs);
        self.versionOf = new Int32Array(meta.docs);
        self.regDocs = {};
        meta.versions.forEach(function (v, number) {
          var tier = v[2] in meta.tiers ? meta.tiers[v[2]] : 2;
          for (var d = v[5]; d < v[6]; d++) { self.tierOf[d] = tier; self.versionOf[d] = number; }
          (self.regDocs[v[0]] = self.regDocs[v[0]] || []).push(number);
        });
        self.table = meta.lengths;
        self.norms = [0, 1].map(function (field) {
          return meta.lengths.map(function (length) { return meta.k1 * (1 - meta.b + meta.b * length / meta.avg[field]); });
        });
      }
      return self.meta;
    });
  };

  /* The vocabulary shards holding every word that starts with one of ``text``'s characters: read from the whole
     vocabulary once it is here (one line of it parsed per shard), else fetched one by one. */
  Index.prototype.words = function (text) {
    var self = this, wanted = {};
    Array.from(text).forEach(function (c) {
      var k = c.codePointAt(0) % self.meta.vocabShards;
      if (self.vocab[k]) return;
      if (self.vocabLines) self.vocab[k] = JSON.parse(self.vocabLines[k]);
      else wanted[k] = true;
    });
    return Promise.all(Object.keys(wanted).map(function (k) {
      return self.fetch("v/" + k + ".json").then(function (shard) { self.vocab[k] = shard; });
    }));
  };

  /* The whole vocabulary (vocabulary.jsonl, one shard per line), fetched once in the background after the first
     answer: later queries then go straight to postings and texts. Kept as text; a line is parsed when a query needs
     it. A failure changes nothing (shards are still fetched one by one). */
  Index.prototype.allWords = function () {
    var self = this;
    if (!this.wholeVocabulary) {
      this.wholeVocabulary = this.load().then(function () {
        return fetch(self.url("vocabulary.jsonl"));
      }).then(function (response) {
        if (!response.ok) throw new Error("vocabulary.jsonl: " + response.status);
        return response.text();
      }).then(function (text) {
        var lines = text.split("\n");
        if (lines.length === self.meta.vocabShards) self.vocabLines = lines;
        return true;
      }).catch(function () { return false; });
    }
    return this.wholeVocabulary;
  };

  Index.prototype.entry = function (word) {
    var shard = this.vocab[word.codePointAt(0) % this.meta.vocabShards];
    return shard ? shard[word] : undefined;
  };

  Index.prototype.frequency = function (word) {
    var e = this.entry(word);
    return e ? Math.max(e[0], e[1]) : 0;
  };

  /* The bytes of a word's postings (text postings, then head postings) and where the head postings start: from the
     vocabulary entry itself for a rare word, else from its postings file. */
  Index.prototype.postingBytes = function (e) {
    if (typeof e[2] === "string") {
      var raw = atob(e[2]), bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      return Promise.resolve([bytes, e[3]]);
    }
    return this.fetch("p/" + e[2] + ".bin", true).then(function (buffer) { return [new Uint8Array(buffer, e[3], e[4] + e[5]), e[4]]; });
  };

  /* Per field, the postings of one word as typed arrays (documents ascending, weights, length bytes); decoded once. */
  Index.prototype.postings = function (word) {
    var e = this.entry(word), self = this;
    if (!e) return Promise.resolve(null);
    if (!this.decoded) this.decoded = {};
    if (this.decoded[word]) return this.decoded[word];
    return (this.decoded[word] = this.postingBytes(e).then(function (found) {
      var bytes = found[0], headStart = found[1], boosts = [1, self.meta.headBoost], outside = self.meta.outsideBoost;
      return [0, 1].map(function (field) {
        var count = e[field], i = field === 0 ? 0 : headStart, doc = -1, b, value, shift;
        var docs = new Int32Array(count), weights = new Float64Array(count), lengths = new Uint8Array(count);
        for (var n = 0; n < count; n++) {
          // Three varints: the gap to the previous document, term frequency × 2 + outside, the length byte.
          value = 0; shift = 1;
          do { b = bytes[i++]; value += (b & 0x7f) * shift; shift *= 128; } while (b & 0x80);
          doc += value;
          value = 0; shift = 1;
          do { b = bytes[i++]; value += (b & 0x7f) * shift; shift *= 128; } while (b & 0x80);
          docs[n] = doc;
          weights[n] = Math.floor(value / 2) * boosts[field] * (value % 2 ? outside : 1);
          value = 0; shift = 1;
          do { b = bytes[i++]; value += (b & 0x7f) * shift; shift *= 128; } while (b & 0x80);
          lengths[n] = value;
        }
        return { docs: docs, weights: weights, lengths: lengths, df: count };
      });
    }));
  };

  /* The anchor of article n (sub: 第n条之sub), in the site's spelling shipped in meta.json (zhidu/urls.py). */
  Index.prototype.articleAnchor = function (n, sub) {
    var forms = this.meta.anchorForms;
    return (sub ? forms[1] : forms[0]).replace("{n}", n).replace("{sub}", sub);
  };

  /* The anchors of a version's articles in document order (art-1, art-2, art-2-1 …), from meta.json's short form
     (search/web.py, compact_anchors): [a, b] is art-a … art-b, a number n is art-n, a string is itself. */
  Index.prototype.anchors = function (version) {
    if (!this.anchorLists) this.anchorLists = {};
    var found = this.anchorLists[version], self = this;
    if (!found) {
      found = this.anchorLists[version] = [];
      this.meta.anchors[version].forEach(function (item) {
        if (typeof item === "string") found.push(item);
        else if (typeof item === "number") found.push(self.articleAnchor(item));
        else for (var n = item[0]; n <= item[1]; n++) found.push(self.articleAnchor(n));
      });
    }
    return Promise.resolve(found);
  };

  /* A document: its shard is the last one starting at or before it (meta.docShards, ascending). */
  Index.prototype.doc = function (docnum) {
    var starts = this.meta.docShards, low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= docnum) low = middle; else high = middle - 1;
    }
    return this.fetch("d/" + low + ".json").then(function (shard) { return shard[docnum - starts[low]]; });
  };

  /* ---- one query --------------------------------------------------------------------------------------------- */

  function Engine(index) { this.index = index; this.meta = index.meta; }

  Engine.prototype.known = function (word) { return this.index.frequency(word) > 0; };

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* The vocabulary bridge (search/bridge.py, meta.bridge): question words, question forms, everyday → legal words. */
  Engine.prototype.bridge = function () {
    if (!this.compiled) {
      var b = this.meta.bridge, forms = {};
      Object.keys(b.forms).forEach(function (name) {
        forms[name] = [b.forms[name].ask.map(normalize), b.forms[name].answer.map(function (p) { return new RegExp(p); })];
      });
      var question = {};
      b.questionWords.forEach(function (w) { question[w] = true; });
      this.compiled = { question: question, forms: forms, definition: b.definitionPatterns.map(function (p) { return new RegExp(p); }) };
    }
    return this.compiled;
  };

  Engine.prototype.isQuestionWord = function (word) { return has(this.bridge().question, word); };

  /* The CLI's Engine.asks: whether a query is a question (a question mark, or a word that only asks). */
  Engine.prototype.asks = function (text) {
    var self = this, plain = normalize(text);
    return plain.indexOf("?") >= 0 || chunks(plain).some(function (chunk) {
      return self.segment(chunk).some(function (w) { return self.isQuestionWord(w); });
    });
  };

  /* The CLI's Engine.query_words: the segmented words without those that only ask, when others remain. */
  Engine.prototype.queryWords = function (text) {
    var self = this, found = [];
    chunks(normalize(text)).forEach(function (chunk) {
      var cut = self.segment(chunk);
      (cut.length ? cut : [chunk]).forEach(function (w) { found.push(w); });
    });
    var kept = found.filter(function (w) { return !self.isQuestionWord(w); });
    return kept.length ? kept : found;
  };

  /* The CLI's Engine.abbreviation: the most frequent index word (or, with ``among``, name) an abbreviation no document
     holds stands for: same first and last character, longer, its characters in order (村委会 → 村民委员会). */
  Engine.prototype.abbreviation = function (word, among) {
    var self = this, b = this.meta.bridge, names = !!among;
    if (word.length < b.abbreviationLengths[0] || word.length > b.abbreviationLengths[1] || !isHan(word[0])) return null;
    if (!names && this.index.frequency(word) >= b.abbreviationRare) return null;
    if (!names) {
      // The index words beginning with the word's first character, by their last character (built once per character).
      if (!this.abbreviationBuckets) this.abbreviationBuckets = {};
      var k = word.codePointAt(0) % this.meta.vocabShards, buckets = this.abbreviationBuckets;
      if (!buckets[word[0]] && this.index.vocab[k]) {
        var bucket = {};
        Object.keys(this.index.vocab[k]).filter(function (t) { return t[0] === word[0]; }).sort().forEach(function (t) {
          (bucket[t[t.length - 1]] = bucket[t[t.length - 1]] || []).push(t);
        });
        buckets[word[0]] = bucket;
      }
      among = (buckets[word[0]] && buckets[word[0]][word[word.length - 1]]) || [];
    }
    var best = null;
    among.forEach(function (c) {
      if (!(word.length < c.length && c.length <= 2 * word.length + 1 && c[0] === word[0] && c[c.length - 1] === word[word.length - 1])) return;
      var at = 0;
      for (var i = 0; i < c.length && at < word.length; i++) if (c[i] === word[at]) at++;
      if (at < word.length) return;
      var key = [names ? 0 : -self.index.frequency(c), c];
      if (best === null || key[0] < best[0] || (key[0] === best[0] && key[1] < best[1])) best = key;
    });
    return best ? best[1] : null;
  };

  /* The CLI's Engine.forms: the question forms asked, and "rule" when a rule (not a definition) is asked for. */
  Engine.prototype.forms = function (text) {
    var plain = normalize(text), b = this.meta.bridge, compiled = this.bridge().forms;
    var found = Object.keys(compiled).filter(function (name) {
      return compiled[name][0].some(function (a) { return plain.indexOf(a) >= 0; });
    });
    if (found.length && !b.definitionAsks.some(function (a) { return plain.indexOf(a) >= 0; })) found.push(b.rule);
    return found;
  };

  /* The CLI's Engine.missing: runs of two or more characters no known word covers (量子 of 量子计算), unless found as
     typed in one of the ``seen`` texts (those the search re-ranked: 领用 is indexed as 领, 用). ``glued`` and ``mixed``
     as the search has them, else computed here. */
  Engine.prototype.missing = function (text, seen, glued, mixed) {
    var self = this, found = [], stop = this.meta.stop, b = this.meta.bridge;
    var plain = normalize(text), typed = asTyped(text);
    mixed = mixed || this.mixed(plain);
    glued = glued || this.glued(plain, mixed);
    if (typed.length !== plain.length) typed = plain;
    runsOf(plain).forEach(function (run) {
      var chunk = run[0];
      if (!isHan(chunk[0])) {
        // Named as typed, with the character it prefixes (U盘, not u).
        if (!self.known(chunk) && !has(mixed, run[1])) found.push(typed.slice(run[1], run[2] + (glued[run[2]] ? 1 : 0)));
        return;
      }
      var covered = Array.from(chunk).map(function (c, i) { return i === 0 && glued[run[1]] === true; }), cursor = 0;
      self.segment(chunk).forEach(function (word) {
        var at = chunk.indexOf(word, cursor);
        if (at < 0) return;
        cursor = at + word.length;
        if (word.length > 1 && (self.known(word) || self.isQuestionWord(word) || has(b.bridge, word) || has(self.meta.related, word) || has(self.meta.names, word))) {
          for (var i = at; i < cursor; i++) covered[i] = true;
        }
      });
      // 几天 of 几天假 asks in a form, however the cut split it (几/天假): never 没有找到.
      var compiled = self.bridge().forms;
      Object.keys(compiled).forEach(function (name) {
        compiled[name][0].forEach(function (ask) {
          if (ask.length < 2) return;
          for (var at = chunk.indexOf(ask); at >= 0; at = chunk.indexOf(ask, at + 1)) {
            for (var i = at; i < at + ask.length; i++) covered[i] = true;
          }
        });
      });
      var run = "";
      Array.from(chunk + "。").forEach(function (c, i) {
        if (i >= chunk.length || covered[i] || stop.indexOf(c) >= 0 || self.isQuestionWord(c)) {
          if (run.length > 1 && !new RegExp(b.numberRun).test(run)) found.push(run);
          run = "";
        } else run += c;
      });
    });
    if (found.length && seen && seen.length) {
      var texts = seen.map(normalize);
      found = found.filter(function (w) { return !texts.some(function (t) { return t.indexOf(w) >= 0; }); });
    }
    return found.filter(function (w, i) { return found.indexOf(w) === i; });
  };

  /* The CLI's Engine._glued: where a character of the normalized query belongs to the unknown letters before it (盘
     of U盘), named with them as 没有找到 and never searched alone; not when a word of two or more characters starts
     there (PDF文件), nor a function character or a word that asks; the character of a word of ``mixed`` always.
     {position: true}. */
  Engine.prototype.glued = function (plain, mixed) {
    var self = this, runs = runsOf(plain), stop = this.meta.stop, glued = {};
    Object.keys(mixed).forEach(function (start) { glued[mixed[start][0]] = true; });
    runs.forEach(function (run, number) {
      var next = runs[number + 1];
      if (!next || isHan(run[0][0]) || next[1] !== run[2] || self.known(run[0])) return;
      var cut = self.segment(next[0]), head = next[0][0];
      var startsAWord = cut.length > 0 && cut[0].length > 1 && next[0].indexOf(cut[0]) === 0;
      if (!startsAWord && stop.indexOf(head) < 0 && !self.isQuestionWord(head)) glued[next[1]] = true;
    });
    return glued;
  };

  /* The CLI's Engine.segment: the most probable cut, each word weighted by how many documents hold it. */
  Engine.prototype.segment = function (chunk) {
    if (!isHan(chunk[0])) return [chunk];
    var total = Math.log(Math.max(this.meta.docs, 1) * 2), n = chunk.length, stop = this.meta.stop, related = this.meta.related, names = this.meta.names;
    var best = [[0, []]];
    for (var i = 1; i <= n; i++) best.push(null);
    for (var end = 1; end <= n; end++) {
      for (var start = Math.max(0, end - this.meta.maxWord); start < end; start++) {
        var previous = best[start];
        if (previous === null) continue;
        var word = chunk.slice(start, end), frequency = this.index.frequency(word), gain, keep;
        if (word.length === 1) {
          if (stop.indexOf(word) >= 0) { gain = -1; keep = false; }
          else { gain = frequency ? Math.log(frequency) - total : -2 * total; keep = frequency > 0 || has(this.meta.bridge.bridge, word); }
        } else if (frequency) { gain = Math.log(frequency) - total; keep = true; }
        else if (has(related, word) || has(names, word) || has(this.meta.bridge.bridge, word) || this.isQuestionWord(word)) { gain = -total / 2; keep = true; }
        else continue;
        var candidate = [previous[0] + gain, keep ? previous[1].concat([word]) : previous[1]];
        if (best[end] === null || candidate[0] > best[end][0]) best[end] = candidate;
      }
    }
    return best[n] ? best[n][1] : [];
  };

  Engine.prototype.concepts = function (text) {
    var self = this, result = [], related = this.meta.related, b = this.meta.bridge;
    this.queryWords(text).forEach(function (word) {
      var alternatives = [[[word], 1.0]];
      var others = (has(related, word) ? related[word] : []).map(function (o) { return [o, self.meta.alternativeWeight]; })
        .concat((has(b.bridge, word) ? b.bridge[word] : []).filter(function (o) { return o !== word; }).map(function (o) { return [o, b.bridgeWeight]; }));
      self.widen(alternatives, others);
      var full = self.abbreviation(word);
      if (full) alternatives.push([[full], b.abbreviationWeight]);
      var usable = alternatives.filter(function (alt) { return alt[0].every(function (w) { return self.known(w); }); });
      if (usable.length) result.push(usable);
      else if (word.length > 1) result.push([[[word], 1.0]]);
    });
    return result;
  };

  /* The CLI's Engine._widen: ``alternatives`` with each of ``others`` ([text, weight]) whose words are all known. */
  Engine.prototype.widen = function (alternatives, others) {
    var self = this;
    others.forEach(function (pair) {
      var words = [];
      chunks(normalize(pair[0])).forEach(function (part) { words = words.concat(self.segment(part)); });
      var key = words.join(" "), seen = alternatives.some(function (alt) { return alt[0].join(" ") === key; });
      if (words.length && !seen && words.every(function (w) { return self.known(w); })) alternatives.push([words, pair[1]]);
    });
    return alternatives;
  };

  /* [run, key] of each run of letters whose key, with the character after it, is a word of the bridge (u盘). */
  Engine.prototype.mixedKeys = function (plain) {
    var bridged = this.meta.bridge.bridge;
    return runsOf(plain).map(function (run) { return [run, run[0] + plain.slice(run[2], run[2] + 1)]; }).filter(function (pair) {
      var key = pair[1];
      return !isHan(key[0]) && has(bridged, key) && isHan(key[key.length - 1]);
    });
  };

  /* The CLI's Engine._mixed: letters and the character after them that the bridge knows as one word (u盘 →
     移动存储介质), by the position of the letters: [the character's position, the known alternatives]. */
  Engine.prototype.mixed = function (plain) {
    var self = this, b = this.meta.bridge, found = {};
    this.mixedKeys(plain).forEach(function (pair) {
      var run = pair[0], key = pair[1];
      var alternatives = self.widen([], b.bridge[key].map(function (o) { return [o, b.bridgeWeight]; }))
        .filter(function (alt) { return alt[0].some(function (w) { return w.length > 1; }); });
      if (alternatives.length) found[run[1]] = [run[2], alternatives];
    });
    return found;
  };

  Engine.prototype.phrases = function (text) {
    var self = this, stop = this.meta.stop, found = [];
    chunks(normalize(text)).forEach(function (chunk) {
      if (isHan(chunk[0]) && self.segment(chunk).filter(function (w) { return stop.indexOf(w) < 0; }).length > 1) {
        found.push(Array.from(chunk).filter(function (c) { return stop.indexOf(c) < 0; }).join(""));
      }
    });
    return found;
  };

  /* Regulations a name may mean: exact names first, then names containing it (shortest first), then names it contains. */
  Engine.prototype.regulationsNamed = function (name) {
    var names = this.meta.names, keys = Object.keys(names), ordered = (names[name] || []).slice();
    var containing = keys.filter(function (k) { return k.indexOf(name) >= 0 && k !== name; });
    containing = stableSort(containing, function (a, b) { return a.length - b.length; });
    var contained = keys.filter(function (k) { return name.indexOf(k) >= 0 && k !== name && k.length >= 2; });
    contained = stableSort(contained, function (a, b) { return b.length - a.length; });
    containing.concat(contained).forEach(function (k) {
      names[k].forEach(function (r) { if (ordered.indexOf(r) < 0) ordered.push(r); });
    });
    if (!ordered.length) {  // an abbreviation of a name (保密法 of 保守国家秘密法)
      var full = this.abbreviation(name, keys.filter(function (k) { return k[0] === name[0]; }));
      if (full) ordered = names[full].slice();
    }
    return ordered;
  };

  /* [docnum, start, end, name] of the article a query like 公务员法第三十八条 names, if it exists. */
  Engine.prototype.citation = function (text) {
    var self = this, matches = [], match, pattern = rules.citation;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text)) !== null) {
      if (match[0] === "") { pattern.lastIndex++; continue; }
      matches.push(match);
    }
    var attempt = function (i) {
      if (i >= matches.length) return Promise.resolve(null);
      var m = matches[i], name = normalize(m[1] || "").replace(/^[《》]+|[《》]+$/g, "");
      if (!name) return attempt(i + 1);
      var anchor = self.index.articleAnchor(cnToInt(m[2]), m[3] ? cnToInt(m[3]) : 0);
      var candidates = [];
      self.regulationsNamed(name).forEach(function (reg) {
        var versions = stableSort(self.index.regDocs[reg] || [], function (a, b) {
          return self.index.tierOf[self.meta.versions[a][5]] - self.index.tierOf[self.meta.versions[b][5]];
        });
        versions.forEach(function (v) { candidates.push(v); });
      });
      // The anchors of the likeliest versions are fetched at once (one round trip, not one per candidate).
      var next = function (j) {
        if (j >= candidates.length) return attempt(i + 1);
        var batch = candidates.slice(j, j + CITATION_BATCH);
        return Promise.all(batch.map(function (v) { return self.index.anchors(v); })).then(function (lists) {
          for (var k = 0; k < batch.length; k++) {
            var at = lists[k].indexOf(anchor);
            if (at >= 0) return [self.meta.versions[batch[k]][5] + at, m.index, m.index + m[0].length, name];
          }
          return next(j + CITATION_BATCH);
        });
      };
      return next(0);
    };
    return attempt(0);
  };

  Engine.prototype.named = function (concepts) {
    var names = this.meta.names, keys = Object.keys(names), named = {};
    concepts.forEach(function (concept) {
      concept.forEach(function (alt) {
        var words = alt[0], word = words[0];
        if (words.length !== 1 || word.length < 2) return;
        if (names[word]) { names[word].forEach(function (r) { named[r] = true; }); }
        else if (word.length >= rules.meta.namePrefixMin) {
          keys.forEach(function (name) {
            if (name.indexOf(word) === 0 && !/^[\p{L}\p{N}]/u.test(name.slice(word.length, word.length + 1))) {
              names[name].forEach(function (r) { named[r] = true; });
            }
          });
        }
      });
    });
    return Object.keys(named);
  };

  Engine.prototype.docsOf = function (reg) {
    var self = this, docs = [];
    (this.index.regDocs[reg] || []).forEach(function (v) {
      var entry = self.meta.versions[v];
      for (var d = entry[5]; d < entry[6]; d++) docs.push(d);
    });
    return docs;
  };

  /* Scores over documents: a dense array (one slot per document) and the documents that have one, in order seen. */
  function Scores(size) { this.value = new Float64Array(size); this.seen = new Uint8Array(size); this.docs = []; }
  Scores.prototype.add = function (d, v) {
    if (!this.seen[d]) { this.seen[d] = 1; this.docs.push(d); }
    this.value[d] += v;
  };
  Scores.prototype.has = function (d) { return this.seen[d] === 1; };

  /* docnum → BM25F score of one word (plus the named constant for every article of a regulation it names). */
  Engine.prototype.wordScores = function (word, postings) {
    var self = this, meta = this.meta, scores = new Scores(meta.docs);
    (meta.names[word] || []).forEach(function (reg) {
      self.docsOf(reg).forEach(function (d) { if (!scores.seen[d]) scores.add(d, meta.named); });
    });
    if (!postings) return scores;
    [0, 1].forEach(function (field) {
      var p = postings[field];
      if (!p.df) return;
      var norm = self.index.norms[field], docs = p.docs, weights = p.weights, lengths = p.lengths;
      var idf = Math.log(meta.docs / (p.df + 1)) + 1, factor = meta.boosts[field] * idf * (meta.k1 + 1);
      for (var i = 0; i < docs.length; i++) {
        var w = weights[i];
        scores.add(docs[i], factor * w / (w + norm[lengths[i]]));
      }
    });
    return scores;
  };

  /* One query word or any of its alternatives (an alternative of several words needs them all). */
  Engine.prototype.conceptScores = function (concept, cache) {
    var size = this.meta.docs, total = new Scores(size);
    concept.forEach(function (alternative) {
      var words = alternative[0], weight = alternative[1], parts = words.map(function (w) { return cache[w]; });
      if (parts.length === 1) {
        parts[0].docs.forEach(function (d) { total.add(d, weight * parts[0].value[d]); });
        return;
      }
      parts[0].docs.forEach(function (d) {
        if (!parts.every(function (p) { return p.has(d); })) return;
        total.add(d, weight * parts.reduce(function (sum, p) { return sum + p.value[d]; }, 0));
      });
    });
    return total;
  };

  /* The CLI's scoring.tiers: documents in ``among`` missing none of the required words, one, more (then any
     optional one is enough); only as many groups as it takes to hold more than ``needed`` documents. */
  function tiers(required, optional, among, needed, size) {
    if (!required.length) return [];
    var count = new Uint8Array(size), listed = [];
    required.forEach(function (s) {
      s.docs.forEach(function (d) { if (among(d)) { if (!count[d]) listed.push(d); count[d]++; } });
    });
    var all = required.length;
    var every = listed.filter(function (d) { return count[d] === all; }), groups = [every];
    if (every.length > needed || all < 2) return groups;
    var butOne = listed.filter(function (d) { return count[d] === all - 1; });
    groups.push(butOne);
    if (every.length + butOne.length > needed) return groups;
    var rest = listed.filter(function (d) { return count[d] < all - 1; }), extra = new Uint8Array(size);
    optional.forEach(function (s) {
      s.docs.forEach(function (d) { if (!count[d] && !extra[d] && among(d)) { extra[d] = 1; rest.push(d); } });
    });
    groups.push(rest);
    return groups;
  }

  /* The CLI's _lift: a version's prior without meta.lawWeight when the query names its law's subject (``lifted``). */
  function lift(prior, version, lifted) { return lifted && lifted[version] ? prior / rules.meta.lawWeight : prior; }

  function byScore(a, b) { return b[1] - a[1] || a[0] - b[0]; }

  function stableSort(list, compare) {
    return list.map(function (item, i) { return [item, i]; })
      .sort(function (a, b) { return compare(a[0], b[0]) || a[1] - b[1]; })
      .map(function (pair) { return pair[0]; });
  }

  function below(ahead, more) {
    if (!ahead.length || !more.length) return more;
    var top = Math.max.apply(null, more.map(function (m) { return m[1]; }));
    var factor = Math.min(1, rules.meta.belowFactor * ahead[ahead.length - 1][1] / Math.max(top, rules.meta.belowFloor));
    return more.map(function (m) { return [m[0], m[1] * factor]; });
  }

  /* ``ranked`` reordered by the query's phrases found in the text and its words found in the first sentence or the
     chapter heading. */
  Engine.prototype.reranked = function (ranked, phrases, topics, forms, read) {
    var meta = this.meta, index = this.index, compiled = this.bridge();
    var gap = "[" + escapeRe(meta.stop) + "]?";
    var patterns = phrases.map(function (p) { return new RegExp(Array.from(p).map(escapeRe).join(gap)); });
    return Promise.all(ranked.map(function (r) { return index.doc(r[0]); })).then(function (docs) {
      if (read) docs.forEach(function (d) { read.push(d[4]); });  // the texts read, for Engine.missing
      // Of each regulation's candidates, the earliest whose text holds every query word and phrase as typed: a law
      // states a rule where it first names the matter, and the articles after it refer back.
      var first = {}, seen = {};
      ranked.map(function (r, i) { return i; }).sort(function (a, b) { return ranked[a][0] - ranked[b][0]; }).forEach(function (i) {
        var version = index.versionOf[ranked[i][0]], text = docs[i][4];
        if (!topics.length || seen[version] || !patterns.every(function (p) { return p.test(text); })) return;
        var plain = normalize(text);
        if (topics.every(function (alts) { return alts[0].every(function (w) { return plain.indexOf(w) >= 0; }); })) {
          seen[version] = true;
          first[i] = true;
        }
      });
      var scored = ranked.map(function (r, i) {
        var text = docs[i][4], bonus = 0;
        if (patterns.length) bonus = meta.phraseBonus * patterns.filter(function (p) { return p.test(text); }).length / patterns.length;
        if (topics.length) {
          // The first sentence and the chapter heading say what the article is about.
          var lead = normalize(text.slice(0, meta.leadChars).match(rules.lead)[0]) + "\n" + normalize(docs[i][3] || "");
          var held = topics.filter(function (alts) {
            return alts.some(function (alt) { return alt.every(function (w) { return lead.indexOf(w) >= 0; }); });
          }).length;
          bonus += meta.leadBonus * held / topics.length;
        }
        // The question's form (search/bridge.py): an article answering in it gains, a definition loses for a rule.
        var score = r[1];
        forms.forEach(function (name) {
          if (has(compiled.forms, name) && compiled.forms[name][1].some(function (p) { return p.test(text); })) bonus += meta.bridge.formBonus;
        });
        if (forms.indexOf(meta.bridge.rule) >= 0 && compiled.definition.some(function (p) { return p.test(text); })) score *= meta.bridge.definitionPenalty;
        return [r[0], score * (first[i] ? 1 + meta.firstBonus : 1) * (1 + bonus)];
      });
      return scored.sort(byScore);
    });
  };

  /* The CLI's Engine._weight: the version's prior (search.legal.weight), 1 for a regulation the query names, and
     without meta.lawWeight for a law kept for reference whose subject the query names (``lifted``, by version). */
  Engine.prototype.weight = function (d, inside, lifted) {
    if (inside && inside[d] === 1) return 1;
    var weights = this.meta.weights, version = this.index.versionOf[d];
    return lift(weights ? weights[version] : 1, version, lifted);
  };

  /* The CLI's Engine._subjects: the versions of the laws kept for reference whose subject (meta.subjects, 人民陪审员
     of 人民陪审员法) the normalized query holds, spaces aside; null when none. */
  Engine.prototype.subjects = function (plain) {
    var subjects = this.meta.subjects || {}, joined = plain.split(" ").join(""), lifted = null;
    Object.keys(subjects).forEach(function (core) {
      if (joined.indexOf(core) < 0) return;
      lifted = lifted || {};
      subjects[core].forEach(function (version) { lifted[version] = true; });
    });
    return lifted;
  };

  /* The CLI's Engine._outside_later: text outside articles (a version's documents after its articles) of each group
     moves to the next group (after the last, a group of its own): it never leads a tier of articles. */
  Engine.prototype.outsideLater = function (groups) {
    var self = this, moved = [], carried = [];
    var outside = function (d) { return self.isOutside(d); };
    groups.forEach(function (group) {
      var all = group.concat(carried);
      carried = all.filter(outside);
      moved.push(all.filter(function (d) { return !outside(d); }));
    });
    if (carried.length) moved.push(carried);
    return moved;
  };

  /* The CLI's Engine._outside: whether a document is its version's text outside articles. */
  Engine.prototype.isOutside = function (d) {
    var index = this.index, version = index.versionOf[d];
    index.anchors(version);
    return d - this.meta.versions[version][5] >= index.anchorLists[version].length;
  };

  /* The CLI's Engine._fused: the tiers fused by reciprocal rank with the plain ranking of the same words (no tiers,
     no re-ranking, of the prior only meta.plainWeights); the tiers' first meta.fuse.keep hits stay first. */
  Engine.prototype.fused = function (tiered, scored, among, lifted) {
    var self = this, fuse = this.meta.fuse, weights = this.meta.plainWeights, index = this.index;
    var seen = new Uint8Array(this.meta.docs), plain = [];
    scored.forEach(function (s) {
      s.docs.forEach(function (d) {
        if (seen[d] || !among(d)) return;
        seen[d] = 1;
        if (self.isOutside(d)) return;
        var sum = scored.reduce(function (total, t) { return total + t.value[d]; }, 0);
        var version = index.versionOf[d];
        plain.push([d, lift(weights ? weights[version] : 1, version, lifted) * sum]);
      });
    });
    plain = plain.sort(byScore).slice(0, tiered.length);
    var fusedScores = new Map();
    [tiered, plain].forEach(function (ranking) {
      ranking.forEach(function (item, rank) { fusedScores.set(item[0], (fusedScores.get(item[0]) || 0) + 1 / (fuse.k + rank)); });
    });
    var kept = tiered.slice(0, fuse.keep).map(function (item) { return item[0]; }), rest = [];
    fusedScores.forEach(function (value, d) { if (kept.indexOf(d) < 0) rest.push([d, value]); });
    rest.sort(byScore);
    var top = (rest.length ? rest[0][1] : 0) + 1;
    return kept.map(function (d, i) { return [d, top + kept.length - i]; }).concat(rest);
  };

  Engine.prototype.rank = function (concepts, scored, among, limit, inside, phrases, forms, question, seen, lifted) {
    var self = this, names = this.meta.names, fuse = this.meta.fuse;
    var fusing = Boolean(question) && !inside && concepts.length >= fuse.minWords, wanted = limit;
    if (fusing) limit = Math.max(limit + 1, fuse.depth) - 1;
    var topics = concepts.filter(function (c) {
      return c.some(function (alt) { return alt[0].some(function (w) { return w.length > 1; }); }) &&
        !c.some(function (alt) { return alt[0].length === 1 && names[alt[0][0]]; });
    }).map(function (c) { return c.map(function (alt) { return alt[0]; }); });
    var long = concepts.map(function (c) { return c.some(function (alt) { return alt[0].some(function (w) { return w.length > 1; }); }); });
    var anyLong = long.some(Boolean);
    var required = scored.filter(function (_, i) { return long[i]; });
    if (!required.length) required = scored;
    var optional = anyLong ? scored.filter(function (_, i) { return !long[i]; }) : [];
    var parts = inside ? [function (d) { return among(d) && inside[d] === 1; }, among] : [among];
    var size = this.meta.docs;
    var found = [];
    var part = function (p) {
      if (p >= parts.length) return Promise.resolve(found);
      var shown = new Set(found.map(function (f) { return f[0]; }));
      var groups = self.outsideLater(tiers(required, optional, parts[p], limit + shown.size, size));
      var group = function (g) {
        if (g >= groups.length) return part(p + 1);
        var docs = groups[g].filter(function (d) { return !shown.has(d); });
        if (!docs.length) return group(g + 1);
        var ranked = docs.map(function (d) {
          return [d, self.weight(d, inside, lifted) * scored.reduce(function (sum, s) { return sum + s.value[d]; }, 0)];
        }).sort(byScore);
        var ready = (phrases.length || topics.length || forms.length)
          ? self.reranked(ranked.slice(0, self.meta.rerank), phrases, topics, forms, seen).then(function (top) { return top.concat(ranked.slice(self.meta.rerank)); })
          : Promise.resolve(ranked);
        return ready.then(function (ordered) {
          found = found.concat(below(found, ordered.slice(0, limit + 1)));
          if (found.length > limit) return found;
          return group(g + 1);
        });
      };
      return group(0);
    };
    if (!among) return Promise.resolve([]);
    return part(0).then(function (found) {
      return fusing ? self.fused(found.slice(0, limit + 1), scored, among, lifted).slice(0, wanted + 1) : found;
    });
  };

  /* The hits of a query, best first: {doc, score, cited, words}. */
  Engine.prototype.search = function (text, limit) {
    var self = this, index = this.index;
    var pieces = text.trim().split(rules.split).filter(Boolean);
    var queryText = pieces.join(" ");
    if (!queryText) return Promise.resolve({ hits: [], words: [], missing: [] });
    return index.words(normalize(queryText)).then(function () {
      return self.citation(queryText);
    }).then(function (cited) {
      if (cited) queryText = (queryText.slice(0, cited[1]) + " " + queryText.slice(cited[2])).trim() || cited[3];
      var related = [], bridged = self.meta.bridge.bridge;
      var lowered = normalize(queryText);
      self.mixedKeys(lowered).forEach(function (pair) {  // letters and the character after them (u盘): their bridge words
        bridged[pair[1]].forEach(function (o) { related.push(o); });
      });
      chunks(lowered).forEach(function (chunk) {
        self.segment(chunk).forEach(function (w) {
          (has(self.meta.related, w) ? self.meta.related[w] : []).forEach(function (o) { related.push(o); });
          (has(bridged, w) ? bridged[w] : []).forEach(function (o) { related.push(o); });
        });
      });
      return index.words(normalize(related.join(""))).then(function () {
        var plain = normalize(queryText), mixed = self.mixed(plain), glued = self.glued(plain, mixed), blank = {};
        Object.keys(glued).forEach(function (at) { blank[at] = true; });
        Object.keys(mixed).forEach(function (start) { for (var at = +start; at < mixed[start][0]; at++) blank[at] = true; });
        var concepts = self.concepts(Object.keys(blank).length ? plain.split("").map(function (c, i) { return blank[i] ? " " : c; }).join("") : queryText);
        Object.keys(mixed).sort(function (a, b) { return a - b; }).forEach(function (start) {
          var alternatives = mixed[start][1], key = JSON.stringify(alternatives);
          if (!concepts.some(function (c) { return JSON.stringify(c) === key; })) concepts.push(alternatives);
        });
        var words = {}, marks = {};
        concepts.forEach(function (c) { c.forEach(function (alt) { marks[alt[0].join("")] = true; alt[0].forEach(function (w) { words[w] = true; }); }); });
        var list = Object.keys(words);
        return Promise.all(list.map(function (w) { return index.postings(w); })).then(function (postings) {
          var cache = {};
          list.forEach(function (w, i) { cache[w] = self.wordScores(w, postings[i]); });
          var scored = concepts.map(function (c) { return self.conceptScores(c, cache); });
          var named = self.named(concepts), inside = null;
          if (named.length) {
            inside = new Uint8Array(self.meta.docs);
            named.forEach(function (reg) { self.docsOf(reg).forEach(function (d) { inside[d] = 1; }); });
          }
          var phrases = self.phrases(queryText), forms = self.forms(queryText), question = self.asks(queryText), found = [], seen = [];
          var lifted = self.subjects(plain);
          var tier = function (t) {
            if (t > 2 || found.length > limit || !concepts.length) return Promise.resolve(found);
            var among = function (d) { return index.tierOf[d] === t; };
            return self.rank(concepts, scored, among, limit, inside, phrases, forms, question, seen, lifted).then(function (more) {
              found = found.concat(below(found, more));
              return tier(t + 1);
            });
          };
          return tier(0).then(function (found) {
            var hits = [];
            if (cited) hits.push({ doc: cited[0], score: 0, cited: true });
            found.forEach(function (f) {
              if (cited && f[0] === cited[0]) return;
              hits.push({ doc: f[0], score: f[1], cited: false });
            });
            // Marked in snippets: each query word, and each alternative whole (延长工作时间, never 工作 alone).
            var surfaces = stableSort(Object.keys(marks), function (a, b) { return b.length - a.length; });
            return { hits: hits.slice(0, limit), words: surfaces, missing: self.missing(queryText, seen, glued, mixed) };
          });
        });
      });
    });
  };

  /* A window of the text around the first query word, with the words marked (never a lone character of a longer word). */
  function snippet(text, words) {
    var lowered = text.toLowerCase(), first = -1;
    words.forEach(function (w) { var p = lowered.indexOf(w); if (p >= 0 && (first < 0 || p < first)) first = p; });
    if (first < 0) first = 0;
    var begin = Math.max(0, first - 40), raw = text.slice(begin, begin + 330);
    var flat = raw.replace(/\s*\n\s*/g, " ").trim(), folded = flat.toLowerCase();
    var taken = new Array(flat.length), spans = [];
    words.forEach(function (w) {
      for (var p = folded.indexOf(w); p >= 0; p = folded.indexOf(w, p + 1)) {
        var free = true;
        for (var i = p; i < p + w.length; i++) if (taken[i]) free = false;
        if (!free) continue;
        for (i = p; i < p + w.length; i++) taken[i] = true;
        spans.push([p, p + w.length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var start = 0, size = 110;
    if (flat.length > size && spans.length) start = Math.max(0, Math.min(spans[0][0] - 20, flat.length - size));
    var end = Math.min(flat.length, start + size), html = "", at = start;
    spans.forEach(function (s) {
      if (s[0] < start || s[1] > end) return;
      html += escapeHtml(flat.slice(at, s[0])) + "<mark>" + escapeHtml(flat.slice(s[0], s[1])) + "</mark>";
      at = s[1];
    });
    html += escapeHtml(flat.slice(at, end));
    return (start > 0 || begin > 0 ? "…" : "") + html + (end < flat.length || begin + raw.length < text.length ? "…" : "");
  }


  var api = { Index: Index, Engine: Engine, snippet: snippet, escapeRe: escapeRe, escapeHtml: escapeHtml, stableSort: stableSort };
  if (typeof window !== "undefined") window.ZhiduSearchEngine = api;
  // The same engine under Node, for the parity gate (tests/parity/): the one definition, run headless.
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
