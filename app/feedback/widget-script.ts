// The small script a service adds to its pages (served at /integration/widget.js). It turns
// <div data-je-donne-mon-avis="PLACEMENT"> into a button that opens the form in a modal dialog
// (an iframe of /integration/avis/…), and <div data-je-donne-mon-avis-sourire="PLACEMENT"> into
// the inline one-click smiley. Page and frames talk through postMessage, checked on both sides:
// the frame only writes to the page origin its placement allows, the page only listens to us.
// Plain ES2017 in a string: no build step, works under the host's CSP (styles are set through
// the DOM, not inline attributes); the only other file it may load is the Marianne font.
export const WIDGET_SCRIPT = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__jeDonneMonAvis) return;
  window.__jeDonneMonAvis = true;
  var base = new URL(script.src).origin;
  var SOURCE = 'je-donne-mon-avis';
  var frames = [];
  var counter = 0;

  // The host page's styles must not reach our button, dialog and frames (issue 17 #1: the button
  // took the host's serif font). Each host element gets a shadow root; inside it a box resets
  // every property the page could pass down by inheritance (all: initial), then sets DSFR's. The
  // font is Marianne: the host's own when it has one (DSFR sites), else the app's file, loaded
  // under a name of ours so it never replaces the host's fonts; Arial if the host's CSP forbids it.
  var FONT = 'Marianne, "Je donne mon avis Marianne", arial, sans-serif';
  var fontRequested = false;

  function frameUrl(path, source) {
    var url = new URL(base + path);
    url.searchParams.set('origine', window.location.origin);
    if (source) url.searchParams.set('source', source);
    return url.toString();
  }
  function css(element, styles) {
    for (var key in styles) element.style[key] = styles[key];
  }
  function loadFont() {
    if (fontRequested || typeof FontFace !== 'function' || !document.fonts) return;
    fontRequested = true;
    try {
      var face = new FontFace('Je donne mon avis Marianne', 'url(' + base + '/integration/marianne.woff2) format("woff2")', { weight: '400 700', display: 'swap' });
      face.load().then(function () { document.fonts.add(face); }, function () {});
    } catch (error) {}
  }
  function isolatedBox(host) {
    var root = host;
    try {
      root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    } catch (error) {}
    var box = document.createElement('div');
    css(box, { all: 'initial', display: 'block', fontFamily: FONT, fontSize: '16px', fontWeight: '400', lineHeight: '24px', color: '#161616', textAlign: 'left' });
    root.appendChild(box);
    loadFont();
    return box;
  }

  function setupWidget(host) {
    if (host.getAttribute('data-je-donne-mon-avis-pret')) return;
    host.setAttribute('data-je-donne-mon-avis-pret', 'oui');
    var placement = host.getAttribute('data-je-donne-mon-avis');
    var titleId = 'je-donne-mon-avis-titre-' + (++counter);
    var box = isolatedBox(host);
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = host.getAttribute('data-libelle') || 'Je donne mon avis';
    button.setAttribute('aria-haspopup', 'dialog');
    css(button, { background: '#000091', color: '#fff', border: '0', borderRadius: '0', margin: '0', padding: '8px 24px', fontFamily: FONT, fontSize: '16px', fontWeight: '500', lineHeight: '24px', letterSpacing: 'normal', textTransform: 'none', minHeight: '40px', cursor: 'pointer' });

    var dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', titleId);
    css(dialog, { padding: '0', border: '0', width: 'min(640px, calc(100vw - 32px))', maxHeight: '90vh', boxShadow: '0 6px 18px rgba(0,0,18,.25)', background: '#fff', color: '#161616', fontFamily: FONT, fontSize: '16px', lineHeight: '24px' });
    var header = document.createElement('div');
    css(header, { display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '12px 16px', borderBottom: '1px solid #ddd' });
    var title = document.createElement('h2');
    title.id = titleId;
    title.textContent = 'Je donne mon avis';
    css(title, { margin: '0', fontFamily: FONT, fontSize: '18px', fontWeight: '700', lineHeight: '24px', color: '#161616' });
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Fermer';
    css(close, { background: 'transparent', color: '#000091', border: '1px solid #000091', borderRadius: '0', margin: '0', padding: '4px 12px', fontFamily: FONT, fontSize: '14px', fontWeight: '500', lineHeight: '24px', cursor: 'pointer' });
    var iframe = document.createElement('iframe');
    iframe.title = 'Questionnaire « Je donne mon avis »';
    css(iframe, { display: 'block', width: '100%', height: '420px', border: '0', margin: '0', padding: '0', background: '#fff' });
    header.appendChild(title);
    header.appendChild(close);
    dialog.appendChild(header);
    dialog.appendChild(iframe);

    var entry = { iframe: iframe, dialog: dialog, host: host, done: false };
    button.addEventListener('click', function () {
      if (!iframe.src || entry.done) {
        entry.done = false;
        iframe.src = frameUrl('/integration/avis/' + encodeURIComponent(placement), 'widget');
      }
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    });
    close.addEventListener('click', function () {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    });
    dialog.addEventListener('close', function () { button.focus(); });
    box.appendChild(button);
    // In the same shadow root: the host's rules on dialogs and frames do not apply to it either.
    box.appendChild(dialog);
    frames.push(entry);
  }

  function setupSmiley(host) {
    if (host.getAttribute('data-je-donne-mon-avis-pret')) return;
    host.setAttribute('data-je-donne-mon-avis-pret', 'oui');
    var placement = host.getAttribute('data-je-donne-mon-avis-sourire');
    var box = isolatedBox(host);
    var iframe = document.createElement('iframe');
    iframe.title = 'Donnez votre avis en un clic';
    iframe.src = frameUrl('/integration/sourire/' + encodeURIComponent(placement), null);
    css(iframe, { display: 'block', width: '100%', maxWidth: '640px', height: '190px', border: '0', margin: '0', padding: '0' });
    box.appendChild(iframe);
    frames.push({ iframe: iframe, dialog: null, host: host, done: false });
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== base) return;
    var data = event.data;
    if (!data || data.source !== SOURCE) return;
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      if (entry.iframe.contentWindow !== event.source) continue;
      if (data.type === 'resize' && typeof data.height === 'number') {
        entry.iframe.style.height = Math.min(Math.max(Math.ceil(data.height), 120), 2000) + 'px';
      } else if (data.type === 'step' || data.type === 'done') {
        // A new page in the frame: show its top, not the place where the last one was left.
        if (entry.dialog) entry.dialog.scrollTop = 0;
        else if (entry.iframe.getBoundingClientRect().top < 0) entry.iframe.scrollIntoView({ block: 'start' });
        if (data.type === 'done') {
          entry.done = true;
          entry.host.dispatchEvent(new CustomEvent('je-donne-mon-avis:merci', { bubbles: true, detail: { emplacement: data.placementId } }));
        }
      } else if (data.type === 'close' && entry.dialog) {
        if (typeof entry.dialog.close === 'function') entry.dialog.close();
      }
    }
  });

  function init() {
    var widgets = document.querySelectorAll('[data-je-donne-mon-avis]');
    for (var i = 0; i < widgets.length; i++) setupWidget(widgets[i]);
    var smileys = document.querySelectorAll('[data-je-donne-mon-avis-sourire]');
    for (var j = 0; j < smileys.length; j++) setupSmiley(smileys[j]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`

/** The « Je donne mon avis » button image (DSFR blue or white), as used in e-mails and pages. */
export function buttonSvg(variant: 'bleu' | 'blanc'): string {
  const background = variant === 'bleu' ? '#000091' : '#ffffff'
  const color = variant === 'bleu' ? '#ffffff' : '#000091'
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="56" viewBox="0 0 200 56" role="img" aria-label="Je donne mon avis">
  <rect x="0.5" y="0.5" width="199" height="55" fill="${background}" stroke="#000091"/>
  <path d="M18 17h22a3 3 0 0 1 3 3v13a3 3 0 0 1-3 3H28l-6 5v-5h-4a3 3 0 0 1-3-3V20a3 3 0 0 1 3-3z" fill="none" stroke="${color}" stroke-width="2"/>
  <circle cx="23" cy="26.5" r="1.6" fill="${color}"/><circle cx="29" cy="26.5" r="1.6" fill="${color}"/><circle cx="35" cy="26.5" r="1.6" fill="${color}"/>
  <text x="50" y="33" font-family="Marianne, Arial, Helvetica, sans-serif" font-size="15" font-weight="700" fill="${color}">Je donne mon avis</text>
</svg>`
}
