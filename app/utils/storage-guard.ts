// Browsers deny `localStorage` and `sessionStorage` to a page framed by another site when
// third-party storage is blocked (Safari, Firefox strict mode, Brave, Chrome with third-party
// cookies blocked): merely reading `window.localStorage` throws « Access is denied ». Remix (scroll
// restoration, route discovery) and the DSFR scripts read them without a guard, so the framed form
// « Je donne mon avis » failed to hydrate and its next step showed « Erreur 500 » (issue 17 #1).
// This inline script runs first in <head>: where a storage cannot be used, it puts an in-memory
// one in its place, which lasts as long as the page. Nothing of ours needs storage to persist:
// the questionnaire's state is in its forms and URLs. Decision 084.
//
// Plain ES5 in a string (it runs before any bundle), tested in tests/unit/storage-guard.test.ts.
export const STORAGE_GUARD_SCRIPT = `(function () {
  function memoryStorage() {
    var data = {};
    var storage = {
      getItem: function (key) { key = String(key); return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null; },
      setItem: function (key, value) { data[String(key)] = String(value); },
      removeItem: function (key) { delete data[String(key)]; },
      clear: function () { data = {}; },
      key: function (index) { var keys = Object.keys(data); return index >= 0 && index < keys.length ? keys[index] : null; }
    };
    Object.defineProperty(storage, 'length', { get: function () { return Object.keys(data).length; } });
    return storage;
  }
  ['localStorage', 'sessionStorage'].forEach(function (name) {
    try {
      var storage = window[name];
      storage.setItem('aic-stockage', '1');
      storage.removeItem('aic-stockage');
      return;
    } catch (error) {}
    try {
      Object.defineProperty(window, name, { configurable: true, enumerable: true, value: memoryStorage() });
    } catch (error) {}
  });
})();`
