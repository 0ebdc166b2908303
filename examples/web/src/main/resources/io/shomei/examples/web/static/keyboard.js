/*
 * A simple on-screen software keyboard (manual L6) for the password fields of the page: every
 * <input data-softkey>. It types into the field that last had the focus (the first one by
 * default). Plain JavaScript in a static file: the Content-Security-Policy allows no inline script.
 * The keys are buttons of type "button", so they never submit the form.
 */
(function () {
  'use strict';

  var ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '-_.@!#$%&*+=?/'];

  function init() {
    var pad = document.getElementById('softkeyboard');
    var inputs = document.querySelectorAll('input[data-softkey]');
    if (!pad || inputs.length === 0) {
      return;
    }
    var target = inputs[0];
    var shifted = false;
    var letterKeys = [];

    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener('focus', function () { target = input; });
    });

    function button(label, cls) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'key' + (cls ? ' ' + cls : '');
      b.textContent = label;
      return b;
    }

    function type(ch) {
      if (target.maxLength > 0 && target.value.length >= target.maxLength) {
        return;
      }
      target.value += ch;
      target.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function setShift(on) {
      shifted = on;
      letterKeys.forEach(function (b) {
        var ch = shifted ? b.dataset.lower.toUpperCase() : b.dataset.lower;
        b.textContent = ch;
        b.dataset.key = ch;
      });
      shiftKey.classList.toggle('on', shifted);
      shiftKey.setAttribute('aria-pressed', String(shifted));
    }

    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    toggle.id = 'softkeyboard-toggle';
    toggle.textContent = pad.dataset.show;
    toggle.setAttribute('aria-expanded', 'false');

    var keys = document.createElement('div');
    keys.className = 'keys';
    keys.hidden = true;

    ROWS.forEach(function (row) {
      var r = document.createElement('div');
      r.className = 'row';
      row.split('').forEach(function (ch) {
        var b = button(ch);
        b.dataset.key = ch;
        if (/[a-z]/.test(ch)) {
          b.dataset.lower = ch;
          letterKeys.push(b);
        }
        b.addEventListener('click', function () { type(b.dataset.key); });
        r.appendChild(b);
      });
      keys.appendChild(r);
    });

    var controls = document.createElement('div');
    controls.className = 'row';
    var shiftKey = button(pad.dataset.shift, 'wide');
    shiftKey.dataset.action = 'shift';
    shiftKey.setAttribute('aria-pressed', 'false');
    shiftKey.addEventListener('click', function () { setShift(!shifted); });
    var back = button(pad.dataset.back, 'wide');
    back.dataset.action = 'back';
    back.addEventListener('click', function () {
      target.value = target.value.slice(0, -1);
      target.dispatchEvent(new Event('input', { bubbles: true }));
    });
    var clear = button(pad.dataset.clear, 'wide');
    clear.dataset.action = 'clear';
    clear.addEventListener('click', function () {
      target.value = '';
      target.dispatchEvent(new Event('input', { bubbles: true }));
    });
    controls.appendChild(shiftKey);
    controls.appendChild(back);
    controls.appendChild(clear);
    keys.appendChild(controls);

    toggle.addEventListener('click', function () {
      keys.hidden = !keys.hidden;
      toggle.textContent = keys.hidden ? pad.dataset.show : pad.dataset.hide;
      toggle.setAttribute('aria-expanded', String(!keys.hidden));
    });

    pad.appendChild(toggle);
    pad.appendChild(keys);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
