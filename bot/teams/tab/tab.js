// The "Planerna" tab: keyword search over the plans (sections that mention the words first, then
// related ones), a reader with numbered paragraphs, and a side-by-side comparison of a section in
// two versions of the national plan. Works the same in Teams (teams-js: theme, deep links) and in
// a plain browser (URL parameters). Server text is only ever inserted with textContent.
(function () {
  'use strict';

  var THEMES = ['default', 'dark', 'contrast'];
  var STATUS = { current: 'gällande plan', historical: 'tidigare plan' };
  var SEARCH_DELAY_MS = 120;
  var TEAMS_INIT_TIMEOUT_MS = 5000;
  /** Teams deep links name a section ("vp-2025-2029/studier") or a comparison ("compare:…"). */
  var COMPARE_PREFIX = 'compare:';

  var params = new URLSearchParams(window.location.search);
  var teams = null; // the teams-js namespace once initialised inside Teams
  var searchTimer = 0;
  var searchAbort = null;
  var searchSeq = 0;
  var current = null; // the section shown in the reader
  var compared = null; // the comparison shown
  var overview = null; // the paired sections of the two plan versions, once loaded
  var overviewLoad = null;

  function byId(id) {
    return document.getElementById(id);
  }

  var el = {
    form: byId('search-form'),
    q: byId('q'),
    status: byId('status'),
    mentionsTitle: byId('mentions-title'),
    results: byId('results'),
    relatedGroup: byId('related-group'),
    relatedNote: byId('related-note'),
    related: byId('related'),
    reader: byId('reader'),
    back: byId('back'),
    plan: byId('reader-plan'),
    title: byId('reader-title'),
    share: byId('share'),
    compareThis: byId('compare-this'),
    note: byId('reader-note'),
    paragraphs: byId('paragraphs'),
    openCompare: byId('open-compare'),
    compare: byId('compare'),
    compareBack: byId('compare-back'),
    compareTitle: byId('compare-title'),
    comparePlans: byId('compare-plans'),
    compareSelect: byId('compare-select'),
    compareCopy: byId('compare-copy'),
    compareShare: byId('compare-share'),
    compareNote: byId('compare-note'),
    compareCopyText: byId('compare-copy-text'),
    sides: { previous: byId('side-previous'), current: byId('side-current') },
  };

  function applyTheme(theme) {
    var chosen = THEMES.indexOf(theme) >= 0 ? theme : null;
    if (!chosen) chosen = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
    document.documentElement.setAttribute('data-theme', chosen);
  }

  function node(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function planLine(plan) {
    return plan.title + ' · ' + plan.period + ' · ' + (STATUS[plan.status] || plan.status);
  }

  /** "a", "a och b", "a, b och c". */
  function joinWords(words) {
    if (words.length < 2) return words.join('');
    return words.slice(0, -1).join(', ') + ' och ' + words[words.length - 1];
  }

  function setStatus(text) {
    el.status.textContent = text;
  }

  function getJson(url, signal) {
    return fetch(url, { signal: signal, headers: { Accept: 'application/json' } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error((body && body.error && body.error.message) || 'HTTP ' + response.status);
        return body;
      });
    });
  }

  function copyText(text, onDone) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(
        function () { onDone(true); },
        function () { onDone(false); }
      );
    } else onDone(false);
  }

  function selectContents(target) {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /** Which of the three views is shown: search results with the reader, or the comparison. */
  function showView(view) {
    var comparing = view === 'compare';
    el.compare.hidden = !comparing;
    document.body.classList.toggle('comparing', comparing);
    if (comparing) {
      el.reader.hidden = true;
      document.body.classList.remove('reading');
    }
  }

  function rememberInUrl(name, value) {
    var url = new URL(window.location.href);
    url.searchParams.delete('section');
    url.searchParams.delete('compare');
    if (name) url.searchParams.set(name, value);
    window.history.replaceState(null, '', url.toString());
  }

  // ---- Search ----------------------------------------------------------------------------

  function renderHit(hit, list) {
    var li = node('li');
    var button = node('button', 'hit' + (hit.match === 'related' ? ' related' : ''));
    button.type = 'button';
    button.setAttribute('data-id', hit.id);
    button.setAttribute('data-match', hit.match);
    button.appendChild(node('h3', null, hit.path.join(' › ')));
    button.appendChild(node('p', 'meta', planLine(hit.plan) + ' · stycke ' + hit.paragraph));
    if (hit.match === 'near' && hit.words.length) button.appendChild(node('p', 'meta forms', 'Står som: ' + hit.words.join(', ')));
    var snippet = node('p', 'snippet');
    hit.snippet.forEach(function (part) {
      snippet.appendChild(part.mark ? node('mark', null, part.text) : document.createTextNode(part.text));
    });
    button.appendChild(snippet);
    button.addEventListener('click', function () {
      openSection(hit.id);
    });
    li.appendChild(button);
    list.appendChild(li);
  }

  function clearResults() {
    el.results.textContent = '';
    el.related.textContent = '';
    el.mentionsTitle.hidden = true;
    el.relatedGroup.hidden = true;
  }

  function renderResults(body) {
    clearResults();
    var named = body.words.length ? joinWords(body.words) : body.query;
    var total = body.mentions.total;
    var heading;
    if (total > 0) {
      heading = (total === 1 ? '1 avsnitt nämner ' : total + ' avsnitt nämner ') + named;
      if (body.mentions.hits.length < total) heading += ' (de ' + body.mentions.hits.length + ' första visas)';
    } else heading = 'Inga träffar för ”' + body.query + '” i planerna.';
    el.mentionsTitle.textContent = heading;
    el.mentionsTitle.hidden = false;
    body.mentions.hits.forEach(function (hit) { renderHit(hit, el.results); });
    if (body.related.length) {
      el.relatedNote.textContent = 'Nämner inte ' + named + ', men tar upp närliggande ord och ämnen.';
      el.relatedGroup.hidden = false;
      body.related.forEach(function (hit) { renderHit(hit, el.related); });
    }
    var related = body.related.length ? ' ' + body.related.length + ' närliggande avsnitt.' : '';
    setStatus((total > 0 ? heading + '.' : heading) + related);
    markCurrentHit();
  }

  function search(query) {
    if (searchAbort) searchAbort.abort();
    var seq = ++searchSeq;
    if (query === '') {
      clearResults();
      setStatus('Skriv ett ord eller en fråga för att söka.');
      return;
    }
    searchAbort = typeof AbortController === 'function' ? new AbortController() : null;
    setStatus('Söker …');
    getJson('api/search?q=' + encodeURIComponent(query), searchAbort && searchAbort.signal)
      .then(function (body) {
        if (seq === searchSeq) renderResults(body);
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') return;
        if (seq === searchSeq) setStatus('Sökningen misslyckades: ' + error.message);
      });
  }

  el.q.addEventListener('input', function () {
    clearTimeout(searchTimer);
    var query = el.q.value.trim();
    searchTimer = setTimeout(function () {
      search(query);
    }, SEARCH_DELAY_MS);
  });

  // Enter opens the first hit: search, then read, without the mouse.
  el.form.addEventListener('submit', function (event) {
    event.preventDefault();
    var first = el.results.querySelector('.hit') || el.related.querySelector('.hit');
    if (first) openSection(first.getAttribute('data-id'));
    else search(el.q.value.trim());
  });

  // ---- Reader ----------------------------------------------------------------------------

  function markCurrentHit() {
    var hits = document.querySelectorAll('.hit');
    for (var i = 0; i < hits.length; i++) {
      var id = hits[i].getAttribute('data-id');
      var same = current && (id === current.key || id.indexOf(current.key + '/p') === 0);
      hits[i].setAttribute('aria-current', same ? 'true' : 'false');
    }
  }

  function citationFor(section, paragraph) {
    var text = paragraph.list ? paragraph.items.map(function (item) { return '• ' + item; }).join('\n') : paragraph.text;
    var quoted = paragraph.list ? text + '\n' : '"' + text + '" ';
    return quoted + '(' + section.plan.title + ', ' + section.path.join(' › ') + ', stycke ' + paragraph.number + ')';
  }

  function paragraphBody(paragraph) {
    if (!paragraph.list) return node('p', null, paragraph.text);
    var list = node('ul', 'items');
    paragraph.items.forEach(function (item) { list.appendChild(node('li', null, item)); });
    return list;
  }

  function renderSection(section) {
    current = section;
    el.plan.textContent = planLine(section.plan);
    el.title.textContent = section.path.join(' › ');
    el.note.textContent = '';
    el.paragraphs.textContent = '';
    var focused = null;
    section.paragraphs.forEach(function (paragraph) {
      var li = node('li', 'paragraph' + (paragraph.list ? ' list' : ''));
      li.id = 'stycke-' + paragraph.number;
      li.setAttribute('data-number', String(paragraph.number));
      li.appendChild(node('span', 'number', String(paragraph.number)));
      var body = node('div');
      var text = paragraphBody(paragraph);
      body.appendChild(text);
      var copy = node('button', 'copy', 'Kopiera citat');
      copy.type = 'button';
      copy.setAttribute('aria-label', 'Kopiera citat: stycke ' + paragraph.number + ' med källa');
      copy.addEventListener('click', function () {
        copyText(citationFor(section, paragraph), function (ok) {
          if (ok) el.note.textContent = 'Stycke ' + paragraph.number + ' är kopierat med källa.';
          else {
            selectContents(text);
            el.note.textContent = 'Texten är markerad: kopiera med Ctrl+C.';
          }
        });
      });
      body.appendChild(copy);
      li.appendChild(body);
      if (section.focus === paragraph.number && !focused) {
        li.classList.add('focus');
        focused = li;
      }
      el.paragraphs.appendChild(li);
    });
    showView('read');
    el.reader.hidden = false;
    document.body.classList.add('reading');
    markCurrentHit();
    updateCompareButton();
    // The cited paragraph's start just below the sticky header: long paragraphs begin in view.
    var head = el.reader.querySelector('.reader-head');
    el.reader.scrollTop = focused ? Math.max(0, focused.offsetTop - head.offsetHeight - 8) : 0;
    el.title.focus({ preventScroll: true });
  }

  function openSection(id) {
    if (!id) return;
    el.note.textContent = 'Hämtar avsnittet …';
    getJson('api/section?id=' + encodeURIComponent(id))
      .then(function (section) {
        renderSection(section);
        rememberInUrl('section', id);
      })
      .catch(function (error) {
        showView('read');
        el.reader.hidden = false;
        el.note.textContent = 'Avsnittet kunde inte visas: ' + error.message;
      });
  }

  el.back.addEventListener('click', function () {
    document.body.classList.remove('reading');
    el.reader.hidden = true;
    el.q.focus();
  });

  /** Opens Teams' share dialog with a deep link inside Teams; elsewhere copies the address. */
  function share(subPageId, label, note, what) {
    if (teams && teams.pages && teams.pages.shareDeepLink) {
      try {
        teams.pages.shareDeepLink({ subPageId: subPageId, subPageLabel: label, subPageWebUrl: window.location.href });
        return;
      } catch (error) {
        // Older Teams clients lack the capability; fall back to copying the address.
      }
    }
    copyText(window.location.href, function (ok) {
      note.textContent = ok ? 'Länken till ' + what + ' är kopierad.' : 'Kopiera adressen: ' + window.location.href;
    });
  }

  el.share.addEventListener('click', function () {
    if (current) share(current.key, current.title, el.note, 'avsnittet');
  });

  // ---- Comparison of plan versions ------------------------------------------------------

  function loadOverview() {
    if (!overviewLoad) {
      overviewLoad = getJson('api/compare').then(function (body) {
        overview = body;
        return body;
      });
      overviewLoad.catch(function () {
        overviewLoad = null; // try again next time
      });
    }
    return overviewLoad;
  }

  function pairOf(key) {
    if (!overview) return null;
    for (var i = 0; i < overview.pairs.length; i++) {
      var p = overview.pairs[i];
      if ((p.current && p.current.key === key) || (p.previous && p.previous.key === key)) return p;
    }
    return null;
  }

  function updateCompareButton() {
    el.compareThis.hidden = true;
    loadOverview().then(function () {
      el.compareThis.hidden = !(current && pairOf(current.key));
    }, function () {});
  }

  el.compareThis.addEventListener('click', function () {
    if (current) openCompare(current.key);
  });

  function pairLabel(pair) {
    if (pair.current && pair.previous) {
      var a = pair.current.path.join(' › ');
      var b = pair.previous.path.join(' › ');
      return a === b || pair.matchedBy === 'heading' ? a : a + ' ↔ ' + b;
    }
    if (pair.current) return pair.current.path.join(' › ') + ' (finns bara i ' + overview.current.title + ')';
    return pair.previous.path.join(' › ') + ' (finns bara i ' + overview.previous.title + ')';
  }

  function fillSelect(selectedKey) {
    el.compareSelect.textContent = '';
    overview.pairs.forEach(function (pair) {
      var key = (pair.current || pair.previous).key;
      var option = node('option', null, pairLabel(pair));
      option.value = key;
      if (pair === pairOf(selectedKey)) option.selected = true;
      el.compareSelect.appendChild(option);
    });
  }

  el.compareSelect.addEventListener('change', function () {
    openCompare(el.compareSelect.value, true);
  });

  /** Paragraph text with changed runs in <ins> (newer side) or <del> (older side); list items as a list. */
  function renderParts(parts, tag, list) {
    var container = list ? node('ul', 'items') : node('p');
    var target = list ? node('li') : container;
    if (list) container.appendChild(target);
    parts.forEach(function (part) {
      var pieces = list ? part.text.split('\n') : [part.text];
      pieces.forEach(function (piece, i) {
        if (i > 0) {
          target = node('li');
          container.appendChild(target);
        }
        if (!piece) return;
        target.appendChild(part.changed ? node(tag, null, piece) : document.createTextNode(piece));
      });
    });
    return container;
  }

  function renderSide(name, side, plan, other) {
    var box = el.sides[name];
    var title = box.querySelector('h3');
    var meta = box.querySelector('.side-meta');
    var list = box.querySelector('ol');
    list.textContent = '';
    title.textContent = plan.title + ' (' + (STATUS[plan.status] || plan.status) + ')';
    box.classList.toggle('missing', !side);
    if (!side) {
      meta.textContent = 'Avsnittet finns bara i ' + other.title + '. Här finns inget motsvarande avsnitt.';
      return;
    }
    var changed = side.changedWords === 1 ? '1 ord ' : side.changedWords + ' ord ';
    meta.textContent = 'Avsnitt: ' + side.path.join(' › ') + (compared.onlyIn ? '' : ' · ' + changed + (name === 'current' ? 'nya' : 'borttagna'));
    side.paragraphs.forEach(function (paragraph) {
      var li = node('li', 'paragraph' + (paragraph.list ? ' list' : ''));
      li.setAttribute('data-number', String(paragraph.number));
      li.appendChild(node('span', 'number', String(paragraph.number)));
      var body = node('div');
      body.appendChild(renderParts(paragraph.parts, name === 'current' ? 'ins' : 'del', paragraph.list));
      li.appendChild(body);
      list.appendChild(li);
    });
  }

  function renderCompare(body) {
    compared = body;
    var key = (body.pair.current || body.pair.previous).key;
    el.compareTitle.textContent = 'Jämför: ' + (body.sides.current || body.sides.previous).path.join(' › ');
    el.comparePlans.textContent = body.previous.title + ' jämförd med ' + body.current.title;
    el.compareNote.textContent = body.onlyIn ? 'Avsnittet finns bara i ' + body[body.onlyIn].title + '.' : '';
    el.compareCopyText.hidden = true;
    renderSide('previous', body.sides.previous, body.previous, body.current);
    renderSide('current', body.sides.current, body.current, body.previous);
    if (overview) fillSelect(key);
    showView('compare');
  }

  /** Opens the comparison of a section (either plan's key) with its counterpart; no key: the first pair. */
  function openCompare(key, keepFocus) {
    el.compareNote.textContent = 'Hämtar jämförelsen …';
    showView('compare');
    loadOverview()
      .then(function () {
        var chosen = key || (overview.pairs[0].current || overview.pairs[0].previous).key;
        return getJson('api/compare?id=' + encodeURIComponent(chosen)).then(function (body) {
          renderCompare(body);
          rememberInUrl('compare', (body.pair.current || body.pair.previous).key);
          if (!keepFocus) el.compareTitle.focus({ preventScroll: true });
        });
      })
      .catch(function (error) {
        el.compareNote.textContent = 'Jämförelsen kunde inte visas: ' + error.message;
      });
  }

  el.openCompare.addEventListener('click', function () {
    openCompare(current ? current.key : '');
  });

  el.compareBack.addEventListener('click', function () {
    showView('read');
    if (current) {
      el.reader.hidden = false;
      document.body.classList.add('reading');
      rememberInUrl('section', current.key);
      el.title.focus({ preventScroll: true });
    } else {
      rememberInUrl(null);
      el.q.focus();
    }
  });

  el.compareCopy.addEventListener('click', function () {
    if (!compared) return;
    copyText(compared.copyText, function (ok) {
      if (ok) {
        el.compareNote.textContent = 'Jämförelsen är kopierad med källor.';
        return;
      }
      el.compareCopyText.value = compared.copyText;
      el.compareCopyText.hidden = false;
      el.compareCopyText.select();
      el.compareNote.textContent = 'Texten är markerad: kopiera med Ctrl+C.';
    });
  });

  el.compareShare.addEventListener('click', function () {
    if (!compared) return;
    var key = (compared.pair.current || compared.pair.previous).key;
    share(COMPARE_PREFIX + key, el.compareTitle.textContent, el.compareNote, 'jämförelsen');
  });

  // ---- Teams -----------------------------------------------------------------------------

  // Loaded only inside a frame: outside one there is no Teams host to answer, and teams-js would
  // still fetch its list of Teams origins from Microsoft's CDN.
  function loadTeamsJs(onLoad) {
    if (window.parent === window) return;
    var script = document.createElement('script');
    script.src = 'vendor/teams-js.js';
    script.onload = onLoad;
    document.head.appendChild(script);
  }

  function openDeepLink(subPage) {
    if (subPage.indexOf(COMPARE_PREFIX) === 0) openCompare(subPage.slice(COMPARE_PREFIX.length));
    else openSection(subPage);
  }

  function initTeams() {
    var sdk = window.microsoftTeams;
    if (!sdk) return;
    var timeout = new Promise(function (_resolve, reject) {
      setTimeout(function () { reject(new Error('Teams svarade inte')); }, TEAMS_INIT_TIMEOUT_MS);
    });
    Promise.race([sdk.app.initialize(), timeout])
      .then(function () {
        teams = sdk;
        document.documentElement.setAttribute('data-host', 'teams');
        sdk.app.registerOnThemeChangeHandler(applyTheme);
        return sdk.app.getContext();
      })
      .then(function (context) {
        applyTheme(context.app && context.app.theme);
        var subPage = context.page && context.page.subPageId;
        if (subPage) openDeepLink(subPage);
      })
      .catch(function () {
        // Framed by something that is not Teams: the page works as in a plain browser.
      });
  }

  applyTheme(params.get('theme'));
  if (params.get('section')) openSection(params.get('section'));
  if (params.has('compare')) openCompare(params.get('compare'));
  if (params.get('q')) {
    el.q.value = params.get('q');
    search(el.q.value.trim());
  }
  loadTeamsJs(initTeams);
})();
