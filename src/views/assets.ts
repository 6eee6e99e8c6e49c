/**
 * The pages' stylesheet and script, served from our own origin (no CDN, no third-party request).
 * Kept as strings so the same bundle serves them on Node and on Workers.
 */
export const APP_CSS = `
:root { --fg:#1b1f24; --muted:#4a5260; --bg:#fff; --panel:#f4f6f8; --line:#c9d0d8; --accent:#1d4ed8;
  --accent-fg:#fff; --bad:#b42318; --good:#067647; --warn:#8a5a00;
  --focus:#b45309; --focus-ring:#fff; color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 2px var(--focus-ring); }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 10; }
header.site { border-bottom: 1px solid var(--line); background: var(--panel); }
header.site .inner, main, footer.site { max-width: 64rem; margin: 0 auto; padding: .75rem 1rem; }
header.site .inner { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; }
header.site .brand { font-weight: 700; text-decoration: none; color: var(--fg); margin-right: auto; }
header.site nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
header.site form { margin: 0; }
main { padding-top: 1.25rem; padding-bottom: 3rem; }
main.narrow { max-width: 40rem; }
footer.site { color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
p.lead { font-size: 1.05rem; color: var(--muted); }
.muted { color: var(--muted); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
.notice { border-left: 4px solid var(--accent); background: #eef3ff; padding: .75rem 1rem; margin: 1rem 0; }
.notice.ok { border-color: var(--good); background: #ecfdf3; }
.notice.warn { border-color: var(--warn); background: #fff8e6; }
.error-summary { border: 3px solid var(--bad); padding: .75rem 1rem; margin: 1rem 0; border-radius: .25rem; }
.error-summary h2 { margin-top: 0; color: var(--bad); font-size: 1.1rem; }
.field-error { color: var(--bad); font-weight: 600; margin: .25rem 0; }
label { font-weight: 600; display: block; margin: .75rem 0 .25rem; }
input[type=text], input[type=email], input[type=password], input[type=number], input[type=datetime-local], select, textarea {
  font: inherit; width: 100%; max-width: 32rem; padding: .5rem .6rem; border: 1px solid #6b7685; border-radius: .35rem; background: #fff; color: var(--fg); }
textarea { min-height: 6rem; max-width: 100%; }
input[type=file] { font: inherit; max-width: 100%; }
.hint { color: var(--muted); font-size: .9rem; margin: .1rem 0 .35rem; }
button, .button { font: inherit; font-weight: 600; display: inline-block; padding: .55rem 1.1rem; border-radius: .35rem;
  border: 2px solid var(--accent); background: var(--accent); color: var(--accent-fg); cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; font-weight: 400; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: 1rem 0; }
fieldset.question { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1rem; padding: .75rem 1rem 1rem; }
fieldset.question.invalid { border: 2px solid var(--bad); }
fieldset.question legend { font-weight: 600; padding: 0 .25rem; }
.scale { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
.scale label { font-weight: 400; margin: 0; display: flex; align-items: center; gap: .4rem; min-height: 44px; padding: .35rem .6rem;
  border: 1px solid var(--line); border-radius: .35rem; cursor: pointer; flex: 1 1 auto; }
.scale input { width: 1.15rem; height: 1.15rem; margin: 0; accent-color: var(--accent); }
.scale label:has(input:checked) { border-color: var(--accent); background: #eef3ff; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; position: relative; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; }
.badge.open { color: var(--good); } .badge.closed { color: var(--muted); } .badge.scheduled { color: var(--warn); }
.chart { max-width: 100%; height: auto; }
.links { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; width: 100%; min-height: 10rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.inline-form { display: inline; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.js-only { display: none; }
html.js .js-only { display: initial; }
html.js .no-js { display: none; }
/* Reports and trends */
dl.facts, dl.stats { display: flex; flex-wrap: wrap; gap: .25rem 2rem; margin: .5rem 0 1rem; }
dl.facts dt, dl.stats dt { color: var(--muted); font-size: .85rem; }
dl.facts dd, dl.stats dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
dl.stats { gap: .25rem 1.5rem; margin: .25rem 0 .5rem; }
dl.stats dd { font-size: 1.15rem; }
.result h3, .result .item-text { margin: 0 0 .25rem; }
svg.interval { display: block; max-width: 22rem; height: auto; }
table.dist { margin: 0; font-size: .85rem; }
table.dist th, table.dist td { padding: .1rem .4rem .1rem 0; border: 0; font-weight: 400; vertical-align: middle; }
table.dist th { width: 50%; } table.dist td.bar { width: 40%; } table.dist svg { display: block; }
ul.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; margin: .5rem 0; font-size: .9rem; }
ul.legend li { display: flex; align-items: center; gap: .35rem; }
svg.swatch { flex: none; vertical-align: middle; }
.chart-wrap { overflow-x: auto; }
svg.trend-chart { display: block; width: 100%; height: auto; }
svg.trend-chart.compact { display: none; }
@media (max-width: 40rem) { svg.trend-chart.wide { display: none; } svg.trend-chart.compact { display: block; } }
table.trend-table { font-size: .875rem; } table.trend-table tr.withheld td { color: var(--muted); font-style: italic; }
.nowrap { white-space: nowrap; }
.debrief-note, ul.comments li { white-space: pre-line; }
ul.comments li { margin: .35rem 0; }
.result table.dist { margin-top: .5rem; }
dl.stats .change.beyond-noise dd strong { text-decoration: underline; text-underline-offset: .2em; }
details.as-asked { font-size: .85rem; color: var(--muted); margin-top: .35rem; }
details.as-asked p { margin: .25rem 0 0; }
/* Admin pages */
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.inline-fields { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: flex-end; }
.inline-fields > div, .inline-fields select { flex: 0 1 32rem; min-width: 0; }
.panel.team > h3 { margin-top: 0; } .panel.team details { margin-top: .75rem; }
ul.people { list-style: none; padding: 0; margin: .25rem 0 .75rem; }
ul.people li { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .25rem 1rem;
  padding: .3rem 0; border-bottom: 1px solid var(--line); }
button.small { padding: .15rem .6rem; font-size: .9rem; }
fieldset.choices { border: 0; padding: 0; margin: .75rem 0 0; }
fieldset.choices legend { font-weight: 600; padding: 0; }
fieldset.choices label, label.check { font-weight: 400; display: flex; gap: .5rem; align-items: baseline; }
pre.code, textarea.code { font: .85rem/1.45 ui-monospace, Menlo, Consolas, monospace; }
pre.code { overflow-x: auto; background: #fff; border: 1px solid var(--line); padding: .5rem .75rem; }
code.secret { padding: .15rem .4rem; background: #fff; border: 1px solid var(--line); white-space: nowrap; }
.block { display: block; } .hint.block { margin: .25rem 0 0; font-weight: 400; }
/* Team and round pages */
input[aria-invalid=true], select[aria-invalid=true] { border: 2px solid var(--bad); }
ol.codes li { overflow-wrap: anywhere; margin: .35rem 0; }
ol.codes code { overflow-wrap: anywhere; word-break: break-all; } .copy-status:empty { display: none; }
input.wide { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; max-width: 100%; }
@media (max-width: 40rem) {
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { display: block; padding: .4rem 0; border-bottom: 1px solid var(--line); }
  table.stack th, table.stack td { display: block; border: 0; padding: .1rem 0; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; } }
@media (max-width: 30rem) { h1 { font-size: 1.35rem; } .scale { flex-direction: column; } }
/* Campaigns: the heatmap (src/views/heatmap.tsx), its legend and a group's trend (issue 11) */
table.heatmap { width: auto; min-width: 100%; font-size: .9rem; }
table.heatmap th, table.heatmap td { border: 1px solid #fff; border-bottom: 1px solid var(--line); }
table.heatmap thead th { vertical-align: bottom; } table.heatmap thead th.dim { text-align: center; min-width: 6rem; }
table.heatmap thead th a { color: var(--fg); }
table.heatmap th[scope=row] { position: sticky; left: 0; z-index: 1; background: var(--bg); min-width: 9rem; }
table.heatmap tr.group th[scope=row] { font-weight: 700; }
table.heatmap tr.team th[scope=row] { font-weight: 400; }
table.heatmap th.depth-1 { padding-left: 1.25rem; } table.heatmap th.depth-2 { padding-left: 2rem; }
table.heatmap th.depth-3 { padding-left: 2.75rem; } table.heatmap th.depth-4 { padding-left: 3.5rem; }
table.heatmap th.depth-5, table.heatmap th.depth-6, table.heatmap th.depth-7, table.heatmap th.depth-8,
table.heatmap th.depth-9, table.heatmap th.depth-10 { padding-left: 4.25rem; }
table.heatmap td.score { position: relative; padding: 0; min-width: 4.5rem; text-align: center; vertical-align: middle; }
table.heatmap td.score > a { display: block; padding: .45rem .5rem; color: inherit; text-decoration: none;
  font-weight: 600; font-variant-numeric: tabular-nums; }
table.heatmap td.score > a:hover .mean { text-decoration: underline; }
table.heatmap td.score > a:focus-visible { outline: 3px solid #1b1f24; outline-offset: -3px; box-shadow: inset 0 0 0 5px #fff; }
table.heatmap td.none { color: var(--muted); }
.tone-0 { background: #b35806; color: #fff; } .tone-1 { background: #f1a340; color: #1b1f24; }
.tone-2 { background: #fee0b6; color: #1b1f24; } .tone-3 { background: #d8daeb; color: #1b1f24; }
.tone-4 { background: #998ec3; color: #1b1f24; } .tone-5 { background: #542788; color: #fff; }
/* The interval: read by screen readers in place, shown beside the cell on hover and focus. */
table.heatmap .tip { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table.heatmap td.score > a:hover .tip, table.heatmap td.score > a:focus .tip { clip: auto; width: 13rem; height: auto;
  overflow: visible; white-space: normal; top: 100%; right: 0; z-index: 3; padding: .4rem .6rem; border-radius: .3rem;
  background: #1b1f24; color: #fff; font-weight: 400; text-align: left; box-shadow: 0 2px 6px rgba(0,0,0,.3); }
table.heatmap td.score > a.tip-off .tip { clip: rect(0 0 0 0); width: 1px; height: 1px; overflow: hidden; padding: 0; }
table.heatmap tbody tr:nth-last-child(-n+2):not(:nth-child(-n+2)) td.score > a:hover .tip,
table.heatmap tbody tr:nth-last-child(-n+2):not(:nth-child(-n+2)) td.score > a:focus .tip { top: auto; bottom: 100%; }
td.withheld { font-style: italic; color: var(--fg); }
td.withheld .mark { font-style: normal; font-weight: 700; margin-right: .25rem; }
td.withheld.fewer, .swatch.withheld.fewer { background: repeating-linear-gradient(45deg, #f4f6f8 0 6px, #c9d0d8 6px 10px); }
td.withheld.protects, .swatch.withheld.protects { background: #fff; outline: 2px dotted #4a5260; outline-offset: -4px; }
.swatch { display: inline-block; flex: none; width: 1.75rem; height: 1.1rem; border: 1px solid #6b7685; }
.heatmap-legend h3 { margin-top: .75rem; }
.panel.about-numbers > h2 { margin-top: 0; }
svg.group-trend-chart { display: block; width: 100%; height: auto; }
`

/**
 * Progressive enhancement only: every page works without it.
 * - The respondent's code: taken from the link's fragment (never sent to the server) into the
 *   form, removed from the address bar so it does not stay in the browser history, and kept in
 *   this tab's sessionStorage so a reload or the language switch (a plain link) keeps it. It is
 *   forgotten when the answers were stored (the thanks page), the code was refused or the round
 *   closed; a page restored from the back/forward cache then drops it too.
 * - Other secrets in the fragment (share links, sign-in links) go into their form the same way.
 * - Copy buttons.
 */
export const APP_JS = `
document.documentElement.classList.add('js');
(function () {
  function storedCode(round) {
    var key = 'quorum-code:' + round, linkKey = 'quorum-linked:' + round;
    return {
      get: function () { try { return sessionStorage.getItem(key) || ''; } catch (e) { return ''; } },
      // linked: the code came from a link (not typed), so its field stays hidden, even after an error.
      linked: function () { try { return sessionStorage.getItem(linkKey) === '1'; } catch (e) { return false; } },
      set: function (code, linked) {
        try {
          if (code) sessionStorage.setItem(key, code); else sessionStorage.removeItem(key);
          if (code && linked) sessionStorage.setItem(linkKey, '1'); else sessionStorage.removeItem(linkKey);
        } catch (e) {}
      }
    };
  }
  function fromFragment() {
    var secret = location.hash.slice(1);
    if (!secret) return '';
    history.replaceState(null, '', location.pathname + location.search);
    try { return decodeURIComponent(secret).trim(); } catch (e) { return secret; }
  }
  document.querySelectorAll('[data-forget-code]').forEach(function (el) {
    storedCode(el.getAttribute('data-forget-code')).set('');
  });
  var box = document.querySelector('[data-respondent-code]');
  var field = box && box.querySelector('input');
  if (field) {
    var store = storedCode(box.getAttribute('data-respondent-code'));
    var linked = fromFragment();
    // A code the server shows again (after a problem) stays hidden if it came from the link, and
    // visible if it was typed, so it can be corrected; a refused one is shown and forgotten.
    var served = field.defaultValue.trim();
    var servedLinked = served !== '' && store.linked() && store.get() === served;
    if (box.hasAttribute('data-code-refused')) store.set('');
    else if (linked) store.set(linked, true);
    else if (served && !servedLinked) store.set(served, false);
    var code = linked || (served ? '' : store.get());
    if (code) { field.value = code; box.hidden = true; }
    else if (servedLinked && !box.hasAttribute('data-code-refused')) box.hidden = true;
    field.addEventListener('change', function () { store.set(field.value.trim(), false); });
    window.addEventListener('pageshow', function (event) {
      if (event.persisted && !store.get()) { field.value = ''; box.hidden = false; }
    });
  }
  var secret = location.hash.slice(1);
  var targets = document.querySelectorAll('[data-fragment-target]');
  if (secret && targets.length) {
    targets.forEach(function (el) { el.value = decodeURIComponent(secret); });
    document.querySelectorAll('[data-hide-when-fragment]').forEach(function (el) { el.hidden = true; });
    history.replaceState(null, '', location.pathname + location.search);
    var auto = document.querySelector('form[data-autosubmit]');
    if (auto) auto.submit();
  }
  // After a failed submit, focus goes to the list of problems, which says what to fix.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
  // Plain-HTTP installations have no navigator.clipboard: copy from a selected textarea instead.
  function copyByHand(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed'; area.style.top = '0'; area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select(); area.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) {}
    document.body.removeChild(area);
    return ok;
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext)
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return copyByHand(text); });
    return Promise.resolve(copyByHand(text));
  }
  function copyStatus(button) {
    var status = document.getElementById('copy-status');
    if (!status) {
      status = document.createElement('p');
      status.id = 'copy-status'; status.className = 'copy-status';
      status.setAttribute('role', 'status'); status.setAttribute('aria-live', 'polite');
      button.parentNode.appendChild(status);
    }
    return status;
  }
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      var text = (source.value || source.textContent || '').trim();
      var de = document.documentElement.lang === 'de';
      copyText(text).then(function (ok) {
        button.focus();
        var status = copyStatus(button);
        status.textContent = ok
          ? (button.getAttribute('data-copied') || (de ? 'Kopiert.' : 'Copied.'))
          : (de ? 'Kopieren ging nicht: Markiere den Text und kopiere ihn selbst.' : 'Could not copy: select the text and copy it yourself.');
        if (!ok) return;
        var old = button.getAttribute('data-label') || button.innerHTML;
        button.setAttribute('data-label', old);
        button.textContent = de ? 'Kopiert' : 'Copied';
        setTimeout(function () { button.innerHTML = old; }, 1500);
      });
    });
  });
  // The heatmap's interval tooltips (shown by CSS on hover and focus) close with Escape (WCAG 1.4.13).
  document.addEventListener('keydown', function (event) {
    var link = event.key === 'Escape' && document.activeElement;
    if (link && link.closest && link.closest('table.heatmap td.score')) link.classList.add('tip-off');
  });
  document.addEventListener('focusout', function (event) {
    if (event.target.classList) event.target.classList.remove('tip-off');
  });
})();
`
