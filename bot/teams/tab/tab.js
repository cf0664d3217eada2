// The "Planerna" tab: instant search over the plans and a reader with numbered paragraphs.
// Works the same in Teams (teams-js: theme, deep links) and in a plain browser (URL parameters).
// Server text is only ever inserted with textContent.
(function () {
  'use strict';

  var THEMES = ['default', 'dark', 'contrast'];
  var STATUS = { current: 'gällande plan', historical: 'tidigare plan' };
  var SEARCH_DELAY_MS = 120;
  var TEAMS_INIT_TIMEOUT_MS = 5000;

  var params = new URLSearchParams(window.location.search);
  var teams = null; // the teams-js namespace once initialised inside Teams
  var searchTimer = 0;
  var searchAbort = null;
  var searchSeq = 0;
  var current = null; // the section shown in the reader

  var el = {
    form: document.getElementById('search-form'),
    q: document.getElementById('q'),
    status: document.getElementById('status'),
    results: document.getElementById('results'),
    reader: document.getElementById('reader'),
    back: document.getElementById('back'),
    plan: document.getElementById('reader-plan'),
    title: document.getElementById('reader-title'),
    share: document.getElementById('share'),
    note: document.getElementById('reader-note'),
    paragraphs: document.getElementById('paragraphs'),
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

  // ---- Search ----------------------------------------------------------------------------

  function renderResults(query, results) {
    el.results.textContent = '';
    if (results.length === 0) {
      setStatus('Inga träffar för "' + query + '". Prova ett annat ord.');
      return;
    }
    setStatus(results.length === 1 ? '1 avsnitt' : results.length + ' avsnitt');
    results.forEach(function (hit) {
      var li = node('li');
      var button = node('button', 'hit');
      button.type = 'button';
      button.setAttribute('data-id', hit.id);
      button.appendChild(node('h3', null, hit.path.join(' › ')));
      button.appendChild(node('p', 'meta', planLine(hit.plan) + ' · stycke ' + hit.paragraph));
      var snippet = node('p', 'snippet');
      hit.snippet.forEach(function (part) {
        snippet.appendChild(part.mark ? node('mark', null, part.text) : document.createTextNode(part.text));
      });
      button.appendChild(snippet);
      button.addEventListener('click', function () {
        openSection(hit.id);
      });
      li.appendChild(button);
      el.results.appendChild(li);
    });
    markCurrentHit();
  }

  function search(query) {
    if (searchAbort) searchAbort.abort();
    var seq = ++searchSeq;
    if (query === '') {
      el.results.textContent = '';
      setStatus('Skriv ett ord eller en fråga för att söka.');
      return;
    }
    searchAbort = typeof AbortController === 'function' ? new AbortController() : null;
    setStatus('Söker …');
    getJson('api/search?q=' + encodeURIComponent(query), searchAbort && searchAbort.signal)
      .then(function (body) {
        if (seq === searchSeq) renderResults(query, body.results);
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
    var first = el.results.querySelector('.hit');
    if (first) openSection(first.getAttribute('data-id'));
    else search(el.q.value.trim());
  });

  // ---- Reader ----------------------------------------------------------------------------

  function markCurrentHit() {
    var hits = el.results.querySelectorAll('.hit');
    for (var i = 0; i < hits.length; i++) {
      var id = hits[i].getAttribute('data-id');
      var same = current && (id === current.key || id.indexOf(current.key + '/p') === 0);
      hits[i].setAttribute('aria-current', same ? 'true' : 'false');
    }
  }

  function citationFor(section, paragraph) {
    return '"' + paragraph.text + '" (' + section.plan.title + ', ' + section.path.join(' › ') + ', stycke ' + paragraph.number + ')';
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

  function renderSection(section) {
    current = section;
    el.plan.textContent = planLine(section.plan);
    el.title.textContent = section.path.join(' › ');
    el.note.textContent = '';
    el.paragraphs.textContent = '';
    var focused = null;
    section.paragraphs.forEach(function (paragraph) {
      var li = node('li', 'paragraph' + (paragraph.list ? ' list-item' : ''));
      li.id = 'stycke-' + paragraph.number;
      li.setAttribute('data-number', String(paragraph.number));
      li.appendChild(node('span', 'number', String(paragraph.number)));
      var body = node('div');
      var text = node('p', null, paragraph.text);
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
    el.reader.hidden = false;
    document.body.classList.add('reading');
    markCurrentHit();
    // The cited paragraph's start just below the sticky header: long paragraphs begin in view.
    var head = el.reader.querySelector('.reader-head');
    el.reader.scrollTop = focused ? Math.max(0, focused.offsetTop - head.offsetHeight - 8) : 0;
    el.title.focus({ preventScroll: true });
  }

  function rememberInUrl(id) {
    var url = new URL(window.location.href);
    url.searchParams.set('section', id);
    window.history.replaceState(null, '', url.toString());
  }

  function openSection(id) {
    if (!id) return;
    el.note.textContent = 'Hämtar avsnittet …';
    getJson('api/section?id=' + encodeURIComponent(id))
      .then(function (section) {
        renderSection(section);
        rememberInUrl(id);
      })
      .catch(function (error) {
        el.reader.hidden = false;
        el.note.textContent = 'Avsnittet kunde inte visas: ' + error.message;
      });
  }

  el.back.addEventListener('click', function () {
    document.body.classList.remove('reading');
    el.reader.hidden = true;
    el.q.focus();
  });

  // Inside Teams: the share dialog with a deep link to this section. Outside: copy the address.
  el.share.addEventListener('click', function () {
    if (!current) return;
    if (teams && teams.pages && teams.pages.shareDeepLink) {
      try {
        teams.pages.shareDeepLink({ subPageId: current.key, subPageLabel: current.title, subPageWebUrl: window.location.href });
        return;
      } catch (error) {
        // Older Teams clients lack the capability; fall back to copying the address.
      }
    }
    copyText(window.location.href, function (ok) {
      el.note.textContent = ok ? 'Länken till avsnittet är kopierad.' : 'Kopiera adressen: ' + window.location.href;
    });
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
        if (subPage) openSection(subPage);
      })
      .catch(function () {
        // Framed by something that is not Teams: the page works as in a plain browser.
      });
  }

  applyTheme(params.get('theme'));
  if (params.get('section')) openSection(params.get('section'));
  if (params.get('q')) {
    el.q.value = params.get('q');
    search(el.q.value.trim());
  }
  loadTeamsJs(initTeams);
})();
