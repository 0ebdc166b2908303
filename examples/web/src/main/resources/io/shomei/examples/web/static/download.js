/*
 * The download screen (A4): after [Download] the browser saves the file and stays on the page, so
 * the page shows itself again a moment later, with the downloads left (or, when none is left,
 * the login page saying the download has ended). A static file: the CSP allows no inline script.
 */
(function () {
  'use strict';
  function init() {
    var form = document.getElementById('download-form');
    if (!form) {
      return;
    }
    form.addEventListener('submit', function () {
      window.setTimeout(function () { window.location.replace(window.location.href); }, 1500);
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
