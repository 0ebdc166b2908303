/*
 * An on-screen software keyboard (manual L6) for the password fields of the page: every
 * <input data-softkey>. Plain JavaScript in a static file: the Content-Security-Policy allows no
 * inline script. The keys are buttons of type "button", so they never submit the form; being
 * buttons, they are reached with Tab and pressed with Enter or Space, and a screen reader reads
 * them by their labels.
 *
 * - Against shoulder-surfing and click-logging, the keys are shuffled every time the keyboard is
 *   shown (digits among digits, letters among letters, symbols among symbols), with
 *   crypto.getRandomValues.
 * - It types into the field shown as its target ("Typing into: ..."), which is highlighted: the
 *   field that last had the focus, the first one by default.
 * - The shift key applies to the next letter only, like a phone's keyboard.
 */
(function () {
  'use strict';

  var DIGITS = '1234567890';
  var LETTERS = 'qwertyuiopasdfghjklzxcvbnm';
  var SYMBOLS = '-_.@!#$%&*+=?/';
  var ROW_LENGTHS = [10, 10, 9, 7]; // letters: 10, 9, 7 after the digits' row

  function randomIndex(n) {
    var a = new Uint32Array(1);
    // rejection sampling: no modulo bias
    var limit = Math.floor(0x100000000 / n) * n;
    do {
      window.crypto.getRandomValues(a);
    } while (a[0] >= limit);
    return a[0] % n;
  }

  function shuffled(s) {
    var a = s.split('');
    for (var i = a.length - 1; i > 0; i--) {
      var j = randomIndex(i + 1);
      var t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a.join('');
  }

  function labelOf(input) {
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    return label ? label.textContent : (input.name || '');
  }

  function init() {
    var pad = document.getElementById('softkeyboard');
    var inputs = document.querySelectorAll('input[data-softkey]');
    if (!pad || inputs.length === 0) {
      return;
    }
    var target = inputs[0];
    var shifted = false;
    var letterKeys = [];

    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    toggle.id = 'softkeyboard-toggle';
    toggle.textContent = pad.dataset.show;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', 'softkeyboard-keys');

    var keys = document.createElement('div');
    keys.className = 'keys';
    keys.id = 'softkeyboard-keys';
    keys.hidden = true;
    keys.setAttribute('role', 'group');
    keys.setAttribute('aria-label', pad.dataset.name || '');

    // "Typing into: <label>", announced when it changes
    var targetLine = document.createElement('p');
    targetLine.className = 'softkey-target-line';
    targetLine.id = 'softkeyboard-target';
    targetLine.setAttribute('aria-live', 'polite');

    function showTarget() {
      Array.prototype.forEach.call(inputs, function (input) {
        input.classList.toggle('softkey-target', input === target);
      });
      targetLine.textContent = (pad.dataset.target || '') + labelOf(target);
      targetLine.dataset.targetId = target.id;
    }

    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener('focus', function () {
        target = input;
        showTarget();
      });
    });

    function button(label, cls) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'key' + (cls ? ' ' + cls : '');
      b.textContent = label;
      return b;
    }

    function changed() {
      target.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function type(ch) {
      if (target.maxLength > 0 && target.value.length >= target.maxLength) {
        return;
      }
      target.value += ch;
      changed();
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

    var rows = document.createElement('div');
    rows.className = 'key-rows';
    keys.appendChild(rows);

    // (re)builds the character keys in a new random order
    function layOut() {
      rows.textContent = '';
      letterKeys = [];
      var letters = shuffled(LETTERS);
      var lines = [shuffled(DIGITS)];
      var at = 0;
      ROW_LENGTHS.slice(1).forEach(function (n) {
        lines.push(letters.slice(at, at + n));
        at += n;
      });
      lines.push(shuffled(SYMBOLS));
      lines.forEach(function (line) {
        var r = document.createElement('div');
        r.className = 'row';
        line.split('').forEach(function (ch) {
          var b = button(ch);
          b.dataset.key = ch;
          if (/[a-z]/.test(ch)) {
            b.dataset.lower = ch;
            letterKeys.push(b);
          }
          b.addEventListener('click', function () {
            var letter = !!b.dataset.lower;
            type(b.dataset.key);
            if (letter && shifted) {
              setShift(false); // one letter only
            }
          });
          r.appendChild(b);
        });
        rows.appendChild(r);
      });
      keys.dataset.layout = lines.join('');
      setShift(shifted);
    }

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
      changed();
    });
    var clear = button(pad.dataset.clear, 'wide');
    clear.dataset.action = 'clear';
    clear.addEventListener('click', function () {
      target.value = '';
      changed();
    });
    controls.appendChild(shiftKey);
    controls.appendChild(back);
    controls.appendChild(clear);
    keys.appendChild(controls);

    toggle.addEventListener('click', function () {
      keys.hidden = !keys.hidden;
      if (!keys.hidden) {
        setShift(false);
        layOut(); // a new order for every display
        showTarget();
      }
      targetLine.hidden = keys.hidden;
      toggle.textContent = keys.hidden ? pad.dataset.show : pad.dataset.hide;
      toggle.setAttribute('aria-expanded', String(!keys.hidden));
    });

    targetLine.hidden = true;
    pad.appendChild(toggle);
    pad.appendChild(targetLine);
    pad.appendChild(keys);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
