/*!
 * Planboten chat widget: answers questions about Seko's plan documents, with sources.
 * Embed: <script src="https://<host>/widget.js" defer></script>
 * Options (attributes on the script tag):
 *   data-title     panel title (default "Fråga Sekos planer")
 *   data-accent    CSS colour (default #b3001b)
 *   data-lang      "sv" (default) | "en"
 *   data-position  "right" (default) | "left"
 *   data-api       API base URL (default: the origin widget.js was loaded from)
 *   data-theme     "auto" (default: follows prefers-color-scheme) | "light" | "dark"
 * Page API: window.Planboten.open(), .close(), .ask(question).
 * Everything renders inside a Shadow DOM. Text from the server or the user is only ever
 * inserted as text nodes, never as HTML.
 */
(function () {
  'use strict';

  if (window.__planbotenWidget) return;
  window.__planbotenWidget = true;

  var STORAGE_KEY = 'planboten:conversation';
  var MAX_QUESTION = 1000;
  var MAX_STORED = 40;
  var TIMEOUT_MS = 45000;
  var DEFAULT_ACCENT = '#b3001b';

  var TEXT = {
    sv: {
      title: 'Fråga Sekos planer',
      region: 'Planboten',
      open: 'Öppna chatten',
      close: 'Stäng',
      restart: 'Börja om',
      greeting: 'Hej! Jag svarar på frågor om Sekos verksamhetsplaner, med källor.',
      examplesLabel: 'Exempel på frågor',
      examples: ['Vad säger planen om hyvling?', 'Hur många ambassadörer har Seko?', 'Vilka mål fanns för studier 2020?'],
      log: 'Konversation',
      you: 'Du: ',
      bot: 'Planboten: ',
      inputLabel: 'Skriv din fråga',
      placeholder: 'Skriv din fråga …',
      send: 'Skicka',
      typing: 'Planboten skriver …',
      sources: 'Källor',
      paragraph: 'stycke',
      sourceN: 'Källa ',
      metaPlan: 'Plan',
      metaPeriod: 'Period',
      metaSection: 'Avsnitt',
      metaParagraph: 'Stycke',
      metaStatus: 'Status',
      current: 'gällande plan',
      historical: 'tidigare plan',
      tryThese: 'Prova att fråga om:',
      note: 'Svaren citerar Sekos planer ordagrant. Kontrollera gärna källan.',
      relatedBadge: 'Inget direkt svar i planerna',
      relatedSources: 'Närliggande i planerna (inget svar på frågan)',
      lost: 'Planboten minns inte längre vårt tidigare samtal (det har gått för lång tid, eller tjänsten har startats om). Frågan besvarades utan det som sagts tidigare, och ett nytt samtal börjar här.',
      missing: 'Jag kunde inte avgöra vad frågan syftar på. Skriv hela frågan, till exempel ”Vad säger planen om studier?”',
      asAsked: 'Jag kunde inte koppla frågan till något tidigare i samtalet, så den besvaras som den står.',
      errNetwork: 'Anslutningen till Planboten misslyckades. Kontrollera din internetanslutning och försök igen.',
      errTimeout: 'Det tog för lång tid att få ett svar. Försök igen.',
      errBusy: 'Många frågar just nu. Vänta en liten stund och försök igen.',
      errBusyWait: function (s) { return 'Många frågar just nu. Försök igen om ' + s + ' sekunder.'; },
      errServer: 'Planboten har ett tekniskt fel just nu. Det är inget fel på din uppkoppling. Försök igen om en stund.',
      errDown: function (s) { return 'Planboten är inte tillgänglig just nu. Det är inget fel på din uppkoppling. Försök igen ' + (s ? 'om ' + s + ' sekunder.' : 'om en stund.'); },
      errBadInput: 'Frågan kunde inte tas emot. Formulera om den och försök igen.',
      errTooLong: 'Frågan är för lång. Skriv högst 1000 tecken.',
      retry: 'Försök igen',
      chars: function (n) { return n + ' av ' + MAX_QUESTION + ' tecken'; },
    },
    en: {
      title: "Ask Seko's plans",
      region: 'Planboten',
      open: 'Open chat',
      close: 'Close',
      restart: 'Start over',
      greeting: "Hi! I answer questions about Seko's plan documents, with sources. The plans are in Swedish.",
      examplesLabel: 'Example questions',
      examples: ['How many ambassadors does Seko have?', 'What does the plan say about hyvling?', 'What were the goals for studies in 2020?'],
      log: 'Conversation',
      you: 'You: ',
      bot: 'Planboten: ',
      inputLabel: 'Type your question',
      placeholder: 'Type your question …',
      send: 'Send',
      typing: 'Planboten is typing …',
      sources: 'Sources',
      paragraph: 'paragraph',
      sourceN: 'Source ',
      metaPlan: 'Plan',
      metaPeriod: 'Period',
      metaSection: 'Section',
      metaParagraph: 'Paragraph',
      metaStatus: 'Status',
      current: 'current plan',
      historical: 'previous plan',
      tryThese: 'Try asking about:',
      note: "Answers quote Seko's plans verbatim. Please check the source.",
      relatedBadge: 'No direct answer in the plans',
      relatedSources: 'Related passages (not an answer)',
      lost: 'Planboten no longer remembers our earlier conversation (too much time has passed, or the service was restarted). Your question was answered without it, and a new conversation starts here.',
      missing: 'I could not tell what the question refers to. Please write the whole question, for example "What does the plan say about studies?"',
      asAsked: 'I could not link the question to anything earlier in the conversation, so it is answered as it stands.',
      errNetwork: 'Could not connect to Planboten. Check your internet connection and try again.',
      errTimeout: 'Getting an answer took too long. Please try again.',
      errBusy: 'Lots of questions right now. Wait a moment and try again.',
      errBusyWait: function (s) { return 'Lots of questions right now. Try again in ' + s + ' seconds.'; },
      errServer: 'Planboten has a technical problem right now. Your connection is fine. Please try again shortly.',
      errDown: function (s) { return 'Planboten is unavailable right now. Your connection is fine. Please try again ' + (s ? 'in ' + s + ' seconds.' : 'shortly.'); },
      errBadInput: 'The question could not be accepted. Please rephrase it and try again.',
      errTooLong: 'The question is too long. Use at most 1000 characters.',
      retry: 'Try again',
      chars: function (n) { return n + ' of ' + MAX_QUESTION + ' characters'; },
    },
  };

  var ICONS = {
    chat: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM7 9h10v2H7V9zm0-4h10v2H7V5zm0 8h7v2H7v-2z',
    close: 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
    restart: 'M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.75 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z',
    info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z',
    warn: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
    send: 'M2.01 21 23 12 2.01 3 2 10l15 2-15 2z',
  };

  // Colours are variables: light by default, dark for data-theme="dark" or, with "auto", a dark system preference.
  var LIGHT = '--pb-bg:#fff;--pb-fg:#1b1b1b;--pb-bubble:#f1f1f3;--pb-soft:#f7f7f8;--pb-line:#c8c8cc;--pb-strong:#6e6e73;--pb-muted:#4a4a4f;--pb-err-bg:#fff5f5;--pb-err-line:#c98f98;--pb-err-fg:#4d0010;--pb-err-icon:#8a0015;--pb-mark:#fff0a0;--pb-accent-text:var(--pb-accent-text-l)';
  var DARK = '--pb-bg:#1d1d20;--pb-fg:#ececef;--pb-bubble:#2d2d32;--pb-soft:#26262a;--pb-line:#4b4b52;--pb-strong:#9a9aa2;--pb-muted:#c4c4cb;--pb-err-bg:#3b1519;--pb-err-line:#a65a64;--pb-err-fg:#ffdadf;--pb-err-icon:#ff9aa6;--pb-mark:#6b5800;--pb-accent-text:var(--pb-accent-text-d)';
  /** The panel covers the whole page at these sizes; focus is then kept inside it. */
  var COVERS = '(max-width:480px),(max-height:520px)';

  var CSS = [
    '.pb-root{all:initial;display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:15px;line-height:1.45;color:var(--pb-fg);font-weight:400;text-align:left;-webkit-text-size-adjust:100%;' + LIGHT + '}',
    '.pb-dark{' + DARK + ';color-scheme:dark}',
    '@media (prefers-color-scheme:dark){.pb-auto{' + DARK + ';color-scheme:dark}}',
    '.pb-root *,.pb-root *::before,.pb-root *::after{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    '.pb-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    'button,textarea{font-family:inherit;font-size:inherit;line-height:inherit;color:inherit;margin:0}',
    'button{cursor:pointer;-webkit-appearance:none;appearance:none}',
    'svg{display:block;flex:none;fill:currentColor}',
    ':focus{outline:none}',
    // A white and a dark ring: visible on light and dark pages alike (outline stays for forced colours).
    '.pb-root :focus-visible{outline:2px solid transparent;outline-offset:2px;box-shadow:0 0 0 3px #fff,0 0 0 6px #1b1b1b}',
    '.pb-header :focus-visible{box-shadow:0 0 0 2px #1b1b1b,0 0 0 5px #fff}',
    '.pb-launcher{position:fixed;bottom:20px;right:20px;z-index:2;width:60px;height:60px;padding:0;border:2px solid transparent;border-radius:50%;background:var(--pb-accent);color:var(--pb-on-accent);box-shadow:0 4px 14px rgba(0,0,0,.3);display:flex;align-items:center;justify-content:center}',
    '.pb-launcher svg{width:28px;height:28px}',
    '.pb-launcher:hover{filter:brightness(1.08)}',
    '.pb-left .pb-launcher{right:auto;left:20px}',
    '.pb-panel{position:fixed;bottom:20px;right:20px;z-index:3;width:390px;max-width:calc(100vw - 40px);height:640px;max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:var(--pb-bg);color:var(--pb-fg);border:1px solid var(--pb-line);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden}',
    '.pb-left .pb-panel{right:auto;left:20px}',
    '.pb-header{display:flex;align-items:center;gap:4px;padding:8px 8px 8px 16px;background:var(--pb-accent);color:var(--pb-on-accent);flex:none}',
    '.pb-header h2{all:unset;flex:1;min-width:0;font-size:17px;font-weight:700;line-height:1.3;overflow-wrap:anywhere}',
    '.pb-icon-btn{width:40px;height:40px;padding:0;border:0;border-radius:8px;background:transparent;color:inherit;display:flex;align-items:center;justify-content:center}',
    '.pb-icon-btn:hover{background:rgba(127,127,127,.25)}',
    '.pb-icon-btn svg{width:22px;height:22px}',
    '.pb-log{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:14px;display:flex;flex-direction:column;gap:10px;background:var(--pb-bg)}',
    '.pb-msg{max-width:90%;padding:10px 12px;border-radius:12px;overflow-wrap:anywhere}',
    '.pb-msg p{margin:0 0 8px}',
    '.pb-msg p:last-child,.pb-msg ul:last-child{margin-bottom:0}',
    '.pb-msg ul{margin:0 0 8px;padding-left:20px}',
    '.pb-msg li{margin:2px 0}',
    '.pb-user{align-self:flex-end;background:var(--pb-accent);color:var(--pb-on-accent);white-space:pre-wrap;border-bottom-right-radius:4px}',
    '.pb-bot{align-self:flex-start;background:var(--pb-bubble);border-bottom-left-radius:4px}',
    '.pb-greeting{max-width:100%}',
    '.pb-noanswer,.pb-notice{display:flex;gap:8px;background:var(--pb-bg);border:1px dashed var(--pb-strong)}',
    // "related": the plans touch the topic but do not answer; context, never dressed as an answer.
    '.pb-related{border-left:4px solid var(--pb-strong)}',
    '.pb-badge{display:inline-block;margin:0 0 6px;padding:1px 8px;border:1px solid var(--pb-strong);border-radius:10px;font-size:12.5px;font-weight:700}',
    '.pb-badge+p{font-weight:600}',
    '.pb-noanswer>svg,.pb-notice>svg,.pb-error>svg{width:20px;height:20px;margin-top:1px;color:var(--pb-muted)}',
    '.pb-error{display:flex;gap:8px;background:var(--pb-err-bg);border:1px solid var(--pb-err-line);color:var(--pb-err-fg)}',
    '.pb-error>svg{color:var(--pb-err-icon)}',
    '.pb-body{min-width:0;flex:1}',
    '.pb-ref{display:inline-block;min-width:22px;margin:0 2px;padding:0 6px;border:0;border-radius:10px;background:var(--pb-accent);color:var(--pb-on-accent);font-size:11.5px;font-weight:700;line-height:18px;text-align:center;vertical-align:super}',
    '.pb-chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}',
    '.pb-chip,.pb-retry{min-height:34px;padding:6px 12px;border:1px solid var(--pb-accent-text);border-radius:17px;background:var(--pb-bg);color:var(--pb-accent-text);font-size:14px;line-height:1.3;text-align:left}',
    '.pb-chip:hover,.pb-retry:hover{background:var(--pb-accent);color:var(--pb-on-accent);border-color:var(--pb-accent)}',
    '.pb-chip[aria-disabled=true]{opacity:.75;cursor:default}',
    '.pb-retry{margin-top:8px;font-weight:600}',
    '.pb-hint{margin:8px 0 0;font-size:14px;font-weight:600}',
    '.pb-sources{margin-top:10px;padding-top:8px;border-top:1px solid var(--pb-line)}',
    '.pb-sources h3{all:unset;display:block;margin:0 0 6px;font-size:13px;font-weight:700;letter-spacing:.02em}',
    '.pb-sources details{margin:5px 0 0;background:var(--pb-bg);border:1px solid var(--pb-line);border-radius:8px}',
    '.pb-sources summary{padding:6px 8px;font-size:13px;line-height:1.35;cursor:pointer;border-radius:8px}',
    '.pb-sources summary:hover{background:var(--pb-soft)}',
    '.pb-sources details[open] summary{font-weight:600}',
    '.pb-sources blockquote{margin:2px 8px 8px;padding:6px 10px;border-left:3px solid var(--pb-accent-text);background:var(--pb-soft);font-size:14px;white-space:pre-line}',
    '.pb-sources mark{background:var(--pb-mark);color:inherit;padding:0 1px;border-radius:2px}',
    '.pb-meta{margin:0 8px 8px;display:grid;grid-template-columns:auto 1fr;gap:1px 8px;font-size:12.5px;color:var(--pb-muted)}',
    '.pb-meta dt{font-weight:700}',
    '.pb-meta dd{margin:0}',
    '.pb-typing{align-self:flex-start;display:flex;gap:5px;padding:14px 16px;background:var(--pb-bubble);border-radius:12px;border-bottom-left-radius:4px}',
    '.pb-typing span{width:8px;height:8px;border-radius:50%;background:var(--pb-muted);animation:pb-bounce 1.2s infinite ease-in-out}',
    '.pb-typing span:nth-child(2){animation-delay:.15s}',
    '.pb-typing span:nth-child(3){animation-delay:.3s}',
    '@keyframes pb-bounce{0%,60%,100%{transform:translateY(0);opacity:.5}30%{transform:translateY(-5px);opacity:1}}',
    '.pb-composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 4px;border-top:1px solid var(--pb-line);flex:none;background:var(--pb-bg)}',
    '.pb-composer textarea{flex:1;min-width:0;min-height:44px;max-height:132px;resize:none;padding:10px 11px;border:1px solid var(--pb-strong);border-radius:10px;background:var(--pb-bg);color:var(--pb-fg);font-size:16px;line-height:1.4;overflow-y:auto}',
    '.pb-composer textarea::placeholder{color:var(--pb-muted);opacity:1}',
    '.pb-send{display:flex;align-items:center;gap:6px;height:44px;padding:0 14px;border:2px solid transparent;border-radius:10px;background:var(--pb-accent);color:var(--pb-on-accent);font-weight:700}',
    '.pb-send svg{width:18px;height:18px}',
    '.pb-send[aria-disabled=true]{opacity:.75;cursor:default}',
    '.pb-note{margin:0;padding:2px 14px 8px;font-size:12px;color:var(--pb-muted);flex:none}',
    '@media ' + COVERS + '{.pb-panel,.pb-left .pb-panel{top:0;right:0;bottom:0;left:0;width:100%;height:100%;max-width:none;max-height:none;border:0;border-radius:0}.pb-msg{max-width:95%}}',
    '@media (prefers-reduced-motion:reduce){.pb-typing span{animation:none;opacity:.8}}',
    '@media (forced-colors:active){.pb-launcher,.pb-send,.pb-icon-btn{border:2px solid ButtonText}.pb-ref{border:1px solid ButtonText}.pb-sources mark{forced-color-adjust:none;background:Highlight;color:HighlightText}}',
  ].join('\n');

  // ---------- small DOM helpers (text only; no HTML parsing anywhere) ----------

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'text') el.textContent = String(v);
        else if (k.slice(0, 2) === 'on' && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'hidden') el.hidden = !!v;
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (children) {
      for (var i = 0; i < children.length; i++) {
        var c = children[i];
        if (c === null || c === undefined || c === false) continue;
        el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
      }
    }
    return el;
  }

  function icon(name) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function sr(text) {
    return h('span', { class: 'pb-sr', text: text });
  }

  function str(v) {
    return v === null || v === undefined ? '' : String(v);
  }

  // ---------- the cited sentence inside its passage ----------

  var MIN_QUOTED = 12;
  var MIN_TAIL = 24;

  /**
   * Where the answer's sentences stand in a cited passage, as [start, end) offsets into it. The
   * answer quotes the passage verbatim, so each piece of it (between markers and line breaks, or
   * inside quotation marks; a "Plan, Avsnitt:" lead dropped by trying ever shorter tails) is
   * looked up in the passage, whitespace and case aside.
   */
  function quoteSpans(passage, answer) {
    var flat = '';
    var at = []; // flat index -> passage index
    for (var i = 0; i < passage.length; i++) {
      var space = /\s/.test(passage[i]);
      if (space && (!flat || flat[flat.length - 1] === ' ')) continue;
      flat += space ? ' ' : passage[i];
      at.push(i);
    }
    flat = flat.toLowerCase();
    var spans = [];
    function find(text) {
      var k = text.length >= MIN_QUOTED ? flat.indexOf(text.toLowerCase()) : -1;
      if (k >= 0 && at[k + text.length - 1] !== undefined) spans.push([at[k], at[k + text.length - 1] + 1]);
      return k >= 0;
    }
    str(answer).split(/\[\d+\]|\n/).forEach(function (piece) {
      piece = piece.replace(/\s+/g, ' ').replace(/^\s*[-•]\s+/, '').trim();
      // Quoted phrases (as a model may write them), of two words or more: single quoted words would light up everywhere.
      var quoted = piece.match(/[”"“«][^”"“» ]+ [^”"“»]+[”"“»]/g) || [];
      [piece].concat(quoted.map(function (q) { return q.slice(1, -1).trim(); })).forEach(function (c) {
        c = c.replace(/^[”"“«]+|[”"“»]+$/g, '');
        if (find(c)) return;
        var words = c.split(' ');
        for (var w = 1; w < words.length - 3; w++) {
          var tail = words.slice(w).join(' ');
          if (tail.length < MIN_TAIL || find(tail)) return;
        }
      });
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    return spans.reduce(function (out, sp) {
      var last = out[out.length - 1];
      if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
      else out.push(sp);
      return out;
    }, []);
  }

  // ---------- configuration ----------

  function findScript() {
    if (document.currentScript) return document.currentScript;
    var all = document.querySelectorAll('script[src]');
    for (var i = all.length - 1; i >= 0; i--) if (/widget\.js(?:[?#]|$)/.test(all[i].src)) return all[i];
    return null;
  }

  function readConfig(script) {
    var d = (script && script.dataset) || {};
    var lang = d.lang === 'en' ? 'en' : 'sv';
    var api = d.api;
    if (!api) {
      try {
        api = new URL(script && script.src ? script.src : location.href, location.href).origin;
      } catch (e) {
        api = location.origin;
      }
    }
    var accent = d.accent && window.CSS && CSS.supports && CSS.supports('color', d.accent) ? d.accent : DEFAULT_ACCENT;
    return {
      theme: d.theme === 'light' || d.theme === 'dark' ? d.theme : 'auto',
      lang: lang,
      t: TEXT[lang],
      title: (d.title && d.title.trim()) || TEXT[lang].title,
      accent: accent,
      left: d.position === 'left',
      api: String(api).replace(/\/+$/, ''),
    };
  }

  // ---------- colour contrast for a customer-chosen accent ----------

  function luminance(rgb) {
    var c = rgb.map(function (x) {
      x /= 255;
      return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var hi = Math.max(a, b);
    var lo = Math.min(a, b);
    return (hi + 0.05) / (lo + 0.05);
  }

  /**
   * Text colour on the accent, and the accent as text on the light and the dark background
   * (lightened towards white until it reads on the dark one).
   */
  function accentColours(root, accent) {
    var probe = h('span');
    probe.style.color = accent;
    root.appendChild(probe);
    var m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(getComputedStyle(probe).color || '');
    root.removeChild(probe);
    var rgb = m ? [+m[1], +m[2], +m[3]] : [179, 0, 27];
    var L = luminance(rgb);
    var white = contrast(L, 1);
    var dark = contrast(L, luminance([27, 27, 27]));
    var darkBg = luminance([29, 29, 32]);
    var light = rgb;
    for (var t = 0; t <= 1 && contrast(luminance(light), darkBg) < 4.5; t += 0.1) {
      light = rgb.map(function (c) { return Math.round(c + (255 - c) * t); });
    }
    return {
      on: white >= 4.5 || white >= dark ? '#fff' : '#1b1b1b',
      text: white >= 4.5 ? (m ? accent : DEFAULT_ACCENT) : '#1b1b1b',
      textDark: 'rgb(' + light.join(',') + ')',
    };
  }

  // ---------- conversation storage ----------

  /** Notes the widget adds to a conversation, by kind: the text key in TEXT. */
  var NOTES = { lost: 'lost', missing: 'missing', asAsked: 'asAsked' };

  function randomId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    var bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  function loadConversation() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      if (raw) {
        var data = JSON.parse(raw);
        if (data && typeof data.id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(data.id) && Array.isArray(data.messages)) {
          return {
            id: data.id,
            // Answered turns under this id: the server remembers those (and only those) for follow-ups.
            turns: typeof data.turns === 'number' ? data.turns : 0,
            messages: data.messages.filter(function (m) {
              return m && ((m.role === 'user' && typeof m.text === 'string') || (m.role === 'bot' && m.answer && typeof m.answer === 'object') || (m.role === 'note' && NOTES[m.kind]));
            }),
          };
        }
      }
    } catch (e) {
      /* storage unavailable or corrupt: start fresh */
    }
    return { id: randomId(), turns: 0, messages: [] };
  }

  function saveConversation(conv) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ id: conv.id, turns: conv.turns, messages: conv.messages.slice(-MAX_STORED) }));
    } catch (e) {
      /* storage full or unavailable: the conversation simply is not kept */
    }
  }

  // ---------- the widget ----------

  function start() {
    var cfg = readConfig(SCRIPT);
    var t = cfg.t;
    var conv = loadConversation();
    var busy = false;
    var typingEl = null;

    var host = document.createElement('planboten-widget');
    host.id = 'planboten';
    // Inline !important through the CSSOM: beats page stylesheets and works under a strict CSP.
    var hs = host.style;
    hs.setProperty('all', 'initial', 'important');
    hs.setProperty('display', 'block', 'important');
    hs.setProperty('position', 'fixed', 'important');
    hs.setProperty('top', '0', 'important');
    hs.setProperty('left', '0', 'important');
    hs.setProperty('width', '0', 'important');
    hs.setProperty('height', '0', 'important');
    hs.setProperty('overflow', 'visible', 'important');
    hs.setProperty('z-index', '2147483000', 'important');
    document.body.appendChild(host);
    var shadow = host.attachShadow({ mode: 'open' });

    var sheetAdopted = false;
    try {
      if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function') {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        sheetAdopted = true;
      }
    } catch (e) {
      sheetAdopted = false;
    }
    if (!sheetAdopted) shadow.appendChild(h('style', { text: CSS }));

    var root = h('aside', { class: 'pb-root pb-' + cfg.theme + (cfg.left ? ' pb-left' : ''), lang: cfg.lang, 'aria-label': t.region });
    shadow.appendChild(root);
    var colours = accentColours(root, cfg.accent);
    root.style.setProperty('--pb-accent', cfg.accent);
    root.style.setProperty('--pb-on-accent', colours.on);
    root.style.setProperty('--pb-accent-text-l', colours.text);
    root.style.setProperty('--pb-accent-text-d', colours.textDark);

    var launcher = h('button', { type: 'button', class: 'pb-launcher', 'aria-label': t.open, 'aria-haspopup': 'dialog', 'aria-controls': 'pb-panel', title: cfg.title, onclick: openPanel }, [icon('chat')]);

    var log = h('div', { class: 'pb-log', role: 'log', 'aria-live': 'polite', 'aria-label': t.log });
    var input = h('textarea', { id: 'pb-input', rows: '1', maxlength: String(MAX_QUESTION), placeholder: t.placeholder, autocomplete: 'off', enterkeyhint: 'send' });
    var sendBtn = h('button', { type: 'submit', class: 'pb-send' }, [icon('send'), t.send]);
    var form = h('form', { class: 'pb-composer', novalidate: true }, [h('label', { class: 'pb-sr', for: 'pb-input', text: t.inputLabel }), input, sendBtn]);

    var panel = h('div', { id: 'pb-panel', class: 'pb-panel', role: 'dialog', 'aria-label': cfg.title, hidden: true }, [
      h('div', { class: 'pb-header' }, [
        h('h2', { text: cfg.title }),
        h('button', { type: 'button', class: 'pb-icon-btn', 'aria-label': t.restart, title: t.restart, onclick: restart }, [icon('restart')]),
        h('button', { type: 'button', class: 'pb-icon-btn', 'aria-label': t.close, title: t.close, onclick: closePanel }, [icon('close')]),
      ]),
      log,
      form,
      h('p', { class: 'pb-note', text: t.note }),
    ]);

    root.appendChild(launcher);
    root.appendChild(panel);

    // ----- open / close, and focus while the panel covers the page -----

    var coverQuery = window.matchMedia ? window.matchMedia(COVERS) : null;
    var returnFocus = null;

    function covers() {
      return !panel.hidden && !!coverQuery && coverQuery.matches;
    }

    /** A dialog that covers the page is modal: focus stays in it until it closes. */
    function updateModal() {
      if (covers()) panel.setAttribute('aria-modal', 'true');
      else panel.removeAttribute('aria-modal');
    }
    if (coverQuery && coverQuery.addEventListener) coverQuery.addEventListener('change', updateModal);

    function openPanel() {
      if (!panel.hidden) return;
      var active = document.activeElement;
      returnFocus = active === host ? shadow.activeElement : active;
      panel.hidden = false;
      launcher.hidden = true;
      updateModal();
      revealLast();
      input.focus();
    }

    function closePanel() {
      panel.hidden = true;
      launcher.hidden = false;
      updateModal();
      // Back where the member was: the button, or the page element that opened the chat.
      var back = returnFocus && returnFocus !== launcher && returnFocus.isConnected && returnFocus !== document.body ? returnFocus : launcher;
      returnFocus = null;
      back.focus();
    }

    function focusables() {
      var all = panel.querySelectorAll('button,textarea,summary,a[href],[tabindex]');
      return Array.prototype.filter.call(all, function (el) {
        return el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0;
      });
    }

    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' || e.key === 'Esc') {
        e.preventDefault();
        e.stopPropagation();
        closePanel();
        return;
      }
      if (e.key !== 'Tab' || !covers()) return;
      var items = focusables();
      var active = shadow.activeElement;
      var first = items[0];
      var last = items[items.length - 1];
      if (!first) return;
      if (e.shiftKey ? active === first : active === last) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    });

    // Focus that lands on the page behind a covering panel (a screen reader's jump, a script) comes back.
    document.addEventListener('focusin', function (e) {
      if (covers() && e.target !== host) input.focus();
    });

    // ----- composer -----

    function autosize() {
      // An empty field keeps its one-line height (a wrapped placeholder must not grow it).
      input.style.height = '';
      if (input.value) input.style.height = Math.min(input.scrollHeight + 2, 132) + 'px';
    }

    input.addEventListener('input', autosize);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submit();
      }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      submit();
    });

    function submit() {
      if (busy) return;
      var q = input.value.trim();
      if (!q) return;
      input.value = '';
      autosize();
      ask(q);
    }

    function setBusy(b) {
      busy = b;
      var marks = root.querySelectorAll('.pb-send,.pb-chip');
      for (var i = 0; i < marks.length; i++) {
        if (b) marks[i].setAttribute('aria-disabled', 'true');
        else marks[i].removeAttribute('aria-disabled');
      }
    }

    // ----- rendering -----

    function scrollToEnd() {
      log.scrollTop = log.scrollHeight;
    }

    function topOf(el) {
      return el.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    }

    /**
     * Shows a new reply from its first line: everything from the question down when it fits,
     * else the reply's top (with the question above it when that is short), never its end.
     */
    function reveal(question, reply) {
      var replyTop = topOf(reply) - 8;
      var top = question && replyTop - topOf(question) <= log.clientHeight / 3 ? topOf(question) - 8 : replyTop;
      var end = log.scrollHeight - log.clientHeight;
      log.scrollTop = Math.max(0, Math.min(top, end));
    }

    /** On opening: the last reply from its first line. */
    function revealLast() {
      var replies = log.querySelectorAll('.pb-bot:not(.pb-greeting)');
      var last = replies[replies.length - 1];
      if (!last) return scrollToEnd();
      var before = last.previousElementSibling;
      reveal(before && before.classList.contains('pb-user') ? before : null, last);
    }

    function chip(label, question, title) {
      return h('button', {
        type: 'button',
        class: 'pb-chip',
        title: title && title !== label ? title : null,
        onclick: function () {
          if (busy) return;
          ask(question);
          input.focus();
        },
      }, [label]);
    }

    function renderGreeting() {
      var chips = h('div', { class: 'pb-chips', role: 'group', 'aria-label': t.examplesLabel });
      t.examples.forEach(function (q) { chips.appendChild(chip(q, q)); });
      log.appendChild(h('div', { class: 'pb-msg pb-bot pb-greeting' }, [h('p', { text: t.greeting }), chips]));
    }

    function renderUser(text) {
      var el = h('div', { class: 'pb-msg pb-user' }, [sr(t.you), h('span', { class: 'pb-text', text: text })]);
      log.appendChild(el);
      return el;
    }

    /** Text with [n] markers turned into small numbered markers; every piece is a text node. */
    function withMarkers(parent, text, citationCount, open) {
      var parts = text.split(/\[(\d+)\]/);
      for (var i = 0; i < parts.length; i++) {
        if (i % 2 === 0) {
          if (parts[i]) parent.appendChild(document.createTextNode(parts[i]));
          continue;
        }
        var n = parseInt(parts[i], 10);
        if (n >= 1 && n <= citationCount) {
          // A real button in the tab order; its name ("Källa 1") holds the visible number.
          parent.appendChild(h('button', {
            type: 'button',
            class: 'pb-ref',
            'data-ref': String(n),
            'aria-label': t.sourceN + n,
            onclick: (function (k) { return function () { open(k); }; })(n),
          }, [String(n)]));
        } else {
          parent.appendChild(document.createTextNode('[' + parts[i] + ']'));
        }
      }
    }

    /** Answer text: lines become paragraphs; consecutive "- " lines become a list. */
    function renderText(container, text, citationCount, open) {
      var lines = str(text).split(/\r?\n/);
      var list = null;
      lines.forEach(function (line) {
        if (!line.trim()) {
          list = null;
          return;
        }
        var item = /^\s*[-•]\s+(.*)$/.exec(line);
        if (item) {
          if (!list) {
            list = h('ul');
            container.appendChild(list);
          }
          var li = h('li');
          withMarkers(li, item[1], citationCount, open);
          list.appendChild(li);
        } else {
          list = null;
          var p = h('p');
          withMarkers(p, line, citationCount, open);
          container.appendChild(p);
        }
      });
    }

    function sourceLabel(c, n) {
      var doc = c.document || {};
      var path = Array.isArray(c.sectionPath) && c.sectionPath.length ? c.sectionPath.map(str).join(' › ') : str(c.section);
      var label = '[' + n + '] ' + str(doc.title);
      if (doc.period) label += ' (' + str(doc.period) + ')';
      if (path) label += ' › ' + path;
      if (c.paragraph) label += ', ' + t.paragraph + ' ' + str(c.paragraph);
      return label;
    }

    /** The passage as text nodes, with the sentences the answer quotes in <mark>. */
    function quoteBlock(quote, answer) {
      var block = h('blockquote', { lang: 'sv' });
      var at = 0;
      quoteSpans(quote, answer).forEach(function (sp) {
        if (sp[0] > at) block.appendChild(document.createTextNode(quote.slice(at, sp[0])));
        block.appendChild(h('mark', { text: quote.slice(sp[0], sp[1]) }));
        at = sp[1];
      });
      if (at < quote.length) block.appendChild(document.createTextNode(quote.slice(at)));
      return block;
    }

    function renderSource(c, n, answer) {
      var doc = c.document || {};
      var path = Array.isArray(c.sectionPath) && c.sectionPath.length ? c.sectionPath.map(str).join(' › ') : str(c.section);
      var meta = h('dl', { class: 'pb-meta' });
      function row(k, v) {
        if (!v) return;
        meta.appendChild(h('dt', { text: k }));
        meta.appendChild(h('dd', { text: v }));
      }
      row(t.metaPlan, str(doc.title));
      row(t.metaPeriod, str(doc.period));
      row(t.metaSection, path);
      row(t.metaParagraph, str(c.paragraph));
      if (doc.status === 'current' || doc.status === 'historical') row(t.metaStatus, doc.status === 'current' ? t.current : t.historical);
      return h('details', { 'data-source': String(n) }, [
        h('summary', { text: sourceLabel(c, n) }),
        quoteBlock(str(c.quote), answer),
        meta,
      ]);
    }

    /** `answer` | `related` | `none`; answers from servers before `outcome` existed go by `answered`. */
    function outcomeOf(a) {
      if (a.outcome === 'answer' || a.outcome === 'related' || a.outcome === 'none') return a.outcome;
      return a.answered === false ? 'none' : 'answer';
    }

    function renderBot(a) {
      var citations = Array.isArray(a.citations) ? a.citations.filter(function (c) { return c && typeof c === 'object'; }) : [];
      var suggestions = Array.isArray(a.suggestions) ? a.suggestions.filter(function (s) { return s && s.question; }) : [];
      var outcome = outcomeOf(a);
      var answered = outcome === 'answer';
      var cited = outcome !== 'none' ? citations.length : 0;
      var lang = a.language === 'en' ? 'en' : 'sv';
      var body = h('div', { class: 'pb-body' });
      var kind = answered ? ' pb-answer' : outcome === 'related' ? ' pb-noanswer pb-related' : ' pb-noanswer';
      var el = h('div', { class: 'pb-msg pb-bot' + kind, lang: lang }, answered ? [sr(t.bot), body] : [icon('info'), sr(t.bot), body]);
      var sources = null;

      function openSource(n) {
        if (!sources) return;
        var d = sources.querySelector('details[data-source="' + n + '"]');
        if (!d) return;
        d.open = true;
        var s = d.querySelector('summary');
        if (s) s.focus({ preventScroll: true });
        (d.querySelector('mark') || d).scrollIntoView({ block: 'nearest' });
      }

      // Related context is labelled as such before the server's own "Planerna säger inget om …".
      if (outcome === 'related') body.appendChild(h('p', { class: 'pb-badge', text: TEXT[lang].relatedBadge }));
      renderText(body, a.answer, cited, openSource);

      if (cited) {
        sources = h('div', { class: 'pb-sources', lang: cfg.lang }, [h('h3', { text: answered ? t.sources : t.relatedSources })]);
        citations.forEach(function (c, i) { sources.appendChild(renderSource(c, i + 1, a.answer)); });
        body.appendChild(sources);
      }
      if (!answered && suggestions.length) {
        var chips = h('div', { class: 'pb-chips', role: 'group', 'aria-label': t.tryThese });
        suggestions.slice(0, 3).forEach(function (s) { chips.appendChild(chip(str(s.title) || str(s.question), str(s.question), str(s.question))); });
        body.appendChild(h('p', { class: 'pb-hint', lang: cfg.lang, text: t.tryThese }));
        body.appendChild(chips);
      }
      log.appendChild(el);
      return el;
    }

    /** A note from the widget itself: the conversation was forgotten, the question needs its context. */
    function renderNote(kind) {
      var el = h('div', { class: 'pb-msg pb-bot pb-notice', 'data-note': kind }, [icon('info'), sr(t.bot), h('div', { class: 'pb-body' }, [h('p', { text: t[NOTES[kind]] })])]);
      log.appendChild(el);
      return el;
    }

    function renderError(message, retry) {
      var body = h('div', { class: 'pb-body' }, [h('p', { text: message })]);
      var el = h('div', { class: 'pb-msg pb-bot pb-error' }, [icon('warn'), body]);
      if (retry) {
        body.appendChild(h('button', {
          type: 'button',
          class: 'pb-retry',
          onclick: function () {
            if (busy) return;
            log.removeChild(el);
            input.focus();
            retry();
          },
        }, [t.retry]));
      }
      log.appendChild(el);
      return el;
    }

    function showTyping(on) {
      if (on && !typingEl) {
        typingEl = h('div', { class: 'pb-typing', role: 'img', 'aria-label': t.typing }, [h('span'), h('span'), h('span')]);
        log.appendChild(typingEl);
        scrollToEnd();
      } else if (!on && typingEl) {
        if (typingEl.parentNode) typingEl.parentNode.removeChild(typingEl);
        typingEl = null;
      }
    }

    function renderAll() {
      while (log.firstChild) log.removeChild(log.firstChild);
      renderGreeting();
      conv.messages.forEach(function (m) {
        if (m.role === 'user') renderUser(m.text);
        else if (m.role === 'note') renderNote(m.kind);
        else renderBot(m.answer);
      });
      if (!panel.hidden) revealLast();
    }

    function restart() {
      if (busy) return;
      conv = { id: randomId(), turns: 0, messages: [] };
      try {
        window.sessionStorage.removeItem(STORAGE_KEY);
      } catch (e) {
        /* ignore */
      }
      renderAll();
      input.focus();
    }

    // ----- talking to the server -----

    function retryAfterSeconds(res) {
      var v = res.headers.get('Retry-After');
      if (!v) return 0;
      var s = parseInt(v, 10);
      if (!isNaN(s) && /^\s*\d+\s*$/.test(v)) return s;
      var d = Date.parse(v);
      return isNaN(d) ? 0 : Math.max(0, Math.ceil((d - Date.now()) / 1000));
    }

    function serverMessage(body, fallback) {
      var e = body && body.error;
      if (!e) return fallback;
      var m = cfg.lang === 'en' && e.messageEn ? e.messageEn : e.message;
      return typeof m === 'string' && m.trim() ? m : fallback;
    }

    function ask(question, isRetry) {
      question = str(question).trim();
      if (!question || busy) return;
      var userEl = null;
      if (!isRetry) {
        userEl = renderUser(question);
        scrollToEnd();
      }
      if (question.length > MAX_QUESTION) {
        renderError(t.errTooLong, null);
        scrollToEnd();
        return;
      }
      setBusy(true);
      showTyping(true);
      var retry = function () { ask(question, true); };
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
      var payload = JSON.stringify({ question: question, conversationId: conv.id });

      fetch(cfg.api + '/api/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: payload,
        credentials: 'omit',
        signal: controller ? controller.signal : undefined,
      })
        .then(function (res) {
          return res.text().then(function (text) {
            var body = null;
            try {
              body = text ? JSON.parse(text) : null;
            } catch (e) {
              body = null;
            }
            return { res: res, body: body };
          });
        })
        .then(function (r) {
          finish();
          var res = r.res;
          var body = r.body;
          if (res.ok && body && typeof body.answer === 'string') {
            var shown = answered(body);
            var users = log.querySelectorAll('.pb-user');
            reveal(userEl || users[users.length - 1], shown);
            return;
          }
          if (res.status === 400 || res.status === 413) {
            renderError(serverMessage(body, res.status === 413 ? t.errTooLong : t.errBadInput), null);
            if (!input.value) {
              input.value = question;
              autosize();
            }
          } else if (res.status === 429) {
            var s = retryAfterSeconds(res);
            renderError(s > 0 ? t.errBusyWait(s) : t.errBusy, retry);
          } else if (res.status === 408) {
            renderError(t.errTimeout, retry);
          } else if (res.status >= 502 && res.status <= 504) {
            // Starting, overloaded or behind a failing proxy: the service's problem, not the member's connection.
            renderError(t.errDown(retryAfterSeconds(res)), retry);
          } else {
            renderError(t.errServer, retry);
          }
          scrollToEnd();
        })
        .catch(function (err) {
          finish();
          renderError(err && err.name === 'AbortError' ? t.errTimeout : t.errNetwork, retry);
          scrollToEnd();
        });

      function finish() {
        clearTimeout(timer);
        showTyping(false);
        setBusy(false);
      }

      /**
       * Shows an answer with what the conversation state says about it, keeps it, and returns the
       * first element shown. `conversation.known === false` after answered turns means the server
       * forgot them (a restart, the time limit): the member is told and a new conversation starts.
       */
      function answered(body) {
        var state = body.conversation && typeof body.conversation === 'object' ? body.conversation : {};
        var outcome = outcomeOf(body);
        var first = null;
        function show(el, message) {
          if (!first) first = el;
          conv.messages.push(message);
        }
        conv.messages.push({ role: 'user', text: question });
        var lost = state.known === false && conv.turns > 0;
        if (lost) show(renderNote('lost'), { role: 'note', kind: 'lost' });
        if (state.missingContext === true && outcome !== 'answer') {
          // Not "the plans are silent": the bot could not tell what the follow-up refers to.
          show(renderNote('missing'), { role: 'note', kind: 'missing' });
          if (!input.value) {
            input.value = question;
            autosize();
          }
        } else {
          if (state.missingContext === true) show(renderNote('asAsked'), { role: 'note', kind: 'asAsked' });
          show(renderBot(body), { role: 'bot', answer: body });
        }
        if (lost) {
          conv.id = randomId();
          conv.turns = 0;
        } else if (outcome === 'answer') conv.turns += 1;
        saveConversation(conv);
        return first;
      }
    }

    renderAll();

    window.Planboten = {
      open: openPanel,
      close: closePanel,
      ask: function (q) {
        openPanel();
        ask(q);
      },
    };
  }

  var SCRIPT = findScript();
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
