// hearth capture page, enhanced: answers go through an outbox kept on this device (so a lost
// connection loses nothing), and the group's answers and the facilitator's agenda arrive live.
// The page works without this file; it never puts server or typed text into HTML (textContent only).
(function () {
  'use strict';

  var form = document.getElementById('capture');
  if (!form || !window.fetch || !window.JSON) {
    return;
  }

  var OUTBOX_KEY = 'hearth.outbox.v1';
  var DRAFT_KEY = 'hearth.draft.v1';
  // Answers typed on an exercise the facilitator has since moved on from, never sent: kept in
  // this tab until sent where they were typed or discarded.
  var UNSENT_KEY = 'hearth.unsent.v1';
  var REQUEST_TIMEOUT_MS = 20000;
  var MIN_BACKOFF_MS = 1000;
  var MAX_BACKOFF_MS = 10000;

  var textBox = form.querySelector('textarea[name="text"]');
  var sendButton = document.getElementById('send');
  var statusLine = document.getElementById('status');
  var banner = document.getElementById('banner');
  var hereList = document.getElementById('answers');
  var hereEmpty = document.getElementById('answers-empty');
  var otherList = document.getElementById('other-answers');
  var otherSection = document.getElementById('other-section');
  var heading = document.getElementById('slot-label');
  var showButton = document.getElementById('show');
  var page = {
    exercise: form.getAttribute('data-exercise') || '',
    slot: form.getAttribute('data-slot') || '',
    group: form.getAttribute('data-group') || ''
  };

  var memoryOutbox = [];
  var storageRefused = false;
  var inFlight = {};
  var confirmed = {};
  var formItemId = null;
  var signedOut = false;
  var backoff = MIN_BACKOFF_MS;
  var retryTimer = null;
  var flushing = false;
  var flushAgain = false;
  var events = null;

  // ---- small helpers ----

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  function capitalised(s) {
    return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  }

  function freshId() {
    // The browser's own UUID function needs a secure context; a LAN address over plain http is not one.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = '';
    for (var i = 0; i < b.length; i++) {
      hex += (b[i] + 0x100).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) {
        hex += '-';
      }
    }
    return hex;
  }

  function fieldControls() {
    return Array.prototype.slice.call(form.querySelectorAll('[data-field]'));
  }

  function labelFor(control) {
    var label = control.id ? document.querySelector('label[for="' + control.id + '"]') : null;
    if (!label || !label.firstChild) {
      return null;
    }
    return (label.firstChild.textContent || '').trim();
  }

  function fieldLabel(slotId, name) {
    if (slotId === page.slot) {
      var controls = fieldControls();
      for (var i = 0; i < controls.length; i++) {
        if (controls[i].getAttribute('data-field') === name) {
          var l = labelFor(controls[i]);
          if (l) {
            return l;
          }
        }
      }
    }
    return capitalised(name);
  }

  // The option or radio button that chooses a slot.
  function choiceOf(slotId) {
    var all = form.querySelectorAll('[data-slot-id]');
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute('data-slot-id') === slotId) {
        return all[i];
      }
    }
    return null;
  }

  function slotLabel(slotId) {
    var choice = choiceOf(slotId);
    if (choice) {
      return choice.getAttribute('data-label') || slotId;
    }
    if (slotId === page.slot && heading && heading.textContent) {
      return heading.textContent;
    }
    return slotId;
  }

  // The slot chosen in the form: where Send files the answer ('' when none is).
  function chosenSlot() {
    var control = form.elements.slot;
    return control ? control.value || '' : '';
  }

  function formIsEmpty() {
    if (textBox && textBox.value.trim() !== '') {
      return false;
    }
    return fieldControls().every(function (c) {
      return c.value === '';
    });
  }

  // ---- the outbox (localStorage; memory when storage is refused) ----

  function validItem(item) {
    return item && item.req && typeof item.req.id === 'string' && typeof item.req.text === 'string';
  }

  function loadOutbox() {
    if (storageRefused) {
      return memoryOutbox.slice();
    }
    try {
      var raw = window.localStorage.getItem(OUTBOX_KEY);
      var list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter(validItem) : [];
    } catch (e) {
      return memoryOutbox.slice();
    }
  }

  function saveOutbox(list) {
    memoryOutbox = list.slice();
    try {
      if (list.length) {
        window.localStorage.setItem(OUTBOX_KEY, JSON.stringify(list));
      } else {
        window.localStorage.removeItem(OUTBOX_KEY);
      }
    } catch (e) {
      // Storage refused (private mode, full): the memory copy still sends it while the page is open.
      storageRefused = true;
    }
  }

  function putInOutbox(item) {
    var list = loadOutbox().filter(function (i) {
      return i.req.id !== item.req.id;
    });
    list.push(item);
    saveOutbox(list);
  }

  function updateInOutbox(id, change) {
    saveOutbox(
      loadOutbox().map(function (i) {
        if (i.req.id === id) {
          change(i);
        }
        return i;
      })
    );
  }

  function removeFromOutbox(id) {
    saveOutbox(
      loadOutbox().filter(function (i) {
        return i.req.id !== id;
      })
    );
  }

  // ---- messages ----

  function setStatus(text, saved) {
    if (!statusLine) {
      return;
    }
    statusLine.textContent = text;
    statusLine.className = saved ? 'notice saved' : 'notice';
    statusLine.hidden = !text;
  }

  function clearErrors() {
    var errors = document.querySelectorAll('main .notice.error');
    for (var i = 0; i < errors.length; i++) {
      errors[i].hidden = true;
    }
  }

  function showError(text) {
    var box = document.getElementById('send-error');
    if (!box) {
      box = el('p', 'notice error');
      box.id = 'send-error';
      box.setAttribute('role', 'alert');
      // Next to Send, where the eye is after pressing it.
      if (sendButton && sendButton.parentNode === form) {
        form.insertBefore(box, sendButton);
      } else {
        form.parentNode.insertBefore(box, form);
      }
    }
    clearErrors();
    box.textContent = text;
    box.hidden = false;
    setStatus('', false);
  }

  function showBanner(parts, action) {
    if (!banner) {
      return;
    }
    while (banner.firstChild) {
      banner.removeChild(banner.firstChild);
    }
    parts.forEach(function (p) {
      var line = el('p', null, p);
      // Typed words may read right to left.
      line.dir = 'auto';
      banner.appendChild(line);
    });
    if (action) {
      banner.appendChild(action);
    }
    banner.hidden = false;
  }

  function signOut() {
    if (signedOut) {
      return;
    }
    signedOut = true;
    if (events) {
      events.close();
      events = null;
    }
    var rejoin = el('form');
    rejoin.method = 'post';
    rejoin.action = '/leave';
    rejoin.appendChild(el('button', 'primary', 'Join again'));
    var parts = ['This device was signed out; join again.'];
    if (loadOutbox().length) {
      parts.push(
        'Answers not sent yet stay on this device (listed below) and are sent once you have joined again.'
      );
    }
    showBanner(parts, rejoin);
    if (formItemId) {
      formItemId = null;
      lockForm(false);
    }
  }

  // ---- the answer lists ----

  // Saved answers carry data-id; answers still in the outbox carry data-outbox, so an unsent
  // version never hides (or replaces) a saved one with the same id.
  function findBy(attribute, id) {
    var lists = [hereList, otherList];
    for (var l = 0; l < lists.length; l++) {
      if (!lists[l]) {
        continue;
      }
      var items = lists[l].children;
      for (var i = 0; i < items.length; i++) {
        if (items[i].getAttribute(attribute) === id) {
          return items[i];
        }
      }
    }
    return null;
  }

  function findItem(id) {
    return findBy('data-id', id);
  }

  function findPending(id) {
    return findBy('data-outbox', id);
  }

  function updateEmpty() {
    if (hereEmpty && hereList) {
      hereEmpty.hidden = hereList.children.length > 0;
    }
    if (otherSection && otherList) {
      otherSection.hidden = otherList.children.length === 0;
    }
  }

  // state: null (saved), 'pending', 'failed'; an answer here is {id, exercise, slot, text, fields}.
  function answerItem(answer, state, message) {
    var li = el('li', 'answer');
    li.setAttribute(state ? 'data-outbox' : 'data-id', answer.id);
    li.setAttribute('data-slot', answer.slot);
    if (typeof answer.at === 'string') {
      li.setAttribute('data-at', answer.at);
    }
    var foreign = typeof answer.group === 'string' && answer.group !== page.group;
    if (foreign || answer.exercise !== page.exercise) {
      // Never listed as "here", whatever slot is chosen.
      li.setAttribute('data-foreign', '');
    }
    if (foreign || answer.slot !== page.slot || answer.exercise !== page.exercise) {
      var where =
        answer.exercise === page.exercise && !foreign
          ? slotLabel(answer.slot)
          : 'Earlier' +
            (foreign ? ', for ' + answer.group : '') +
            ': ' +
            answer.exercise +
            ' · ' +
            answer.slot;
      var w = el('p', 'where', where);
      w.dir = 'auto';
      li.appendChild(w);
    }
    if (answer.text) {
      var t = el('p', 'text', answer.text);
      t.dir = 'auto';
      li.appendChild(t);
    }
    var names = answer.fields ? Object.keys(answer.fields) : [];
    if (names.length) {
      var dl = el('dl', 'fields');
      names.sort().forEach(function (name) {
        var row = el('div');
        row.appendChild(el('dt', null, fieldLabel(answer.slot, name)));
        var dd = el('dd', null, String(answer.fields[name]));
        dd.dir = 'auto';
        row.appendChild(dd);
        dl.appendChild(row);
      });
      li.appendChild(dl);
    }
    if (state === 'pending') {
      li.classList.add('pending');
      li.appendChild(el('p', 'state', 'sending…'));
    } else if (state === 'failed') {
      li.classList.add('failed');
      li.appendChild(el('p', 'state', 'Not saved: ' + message));
      var actions = el('div', 'actions');
      var discard = el('button', 'quiet', 'Discard');
      discard.type = 'button';
      discard.addEventListener('click', function () {
        removeFromOutbox(answer.id);
        removeElement(findPending(answer.id));
      });
      actions.appendChild(discard);
      li.appendChild(actions);
    }
    return li;
  }

  function placeItem(answer, li) {
    var old = li.hasAttribute('data-id') ? findItem(answer.id) : findPending(answer.id);
    var here =
      answer.exercise === page.exercise &&
      answer.slot === page.slot &&
      (typeof answer.group !== 'string' || answer.group === page.group);
    var list = here ? hereList : otherList;
    if (!list) {
      return;
    }
    if (old && old.parentNode === list) {
      list.replaceChild(li, old);
    } else {
      if (old) {
        old.parentNode.removeChild(old);
      }
      list.appendChild(li);
    }
    updateEmpty();
  }

  function removeElement(li) {
    if (li && li.parentNode) {
      li.parentNode.removeChild(li);
      updateEmpty();
    }
  }

  // Another slot was chosen: its answers are listed "here", the rest "elsewhere", each in the
  // order saved (unsent ones last).
  function relist() {
    if (!hereList || !otherList) {
      return;
    }
    var items = Array.prototype.slice
      .call(hereList.children)
      .concat(Array.prototype.slice.call(otherList.children));
    var at = function (li) {
      return li.getAttribute('data-at') || '~';
    };
    items.sort(function (a, b) {
      return at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0;
    });
    items.forEach(function (li) {
      var here = !li.hasAttribute('data-foreign') && li.getAttribute('data-slot') === page.slot;
      var where = li.querySelector('.where');
      if (here && where) {
        where.parentNode.removeChild(where);
      } else if (!here && !where) {
        var w = el('p', 'where', slotLabel(li.getAttribute('data-slot')));
        w.dir = 'auto';
        li.insertBefore(w, li.firstChild);
      }
      (here ? hereList : otherList).appendChild(li);
    });
    updateEmpty();
  }

  function markSaved(id) {
    var li = findItem(id);
    if (!li) {
      return;
    }
    var marked = document.querySelectorAll('.answer.just-saved');
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove('just-saved');
      var old = marked[i].querySelector('.state');
      if (old) {
        old.parentNode.removeChild(old);
      }
    }
    li.classList.add('just-saved');
    var state = li.querySelector('.state');
    if (!state) {
      state = el('p', 'state');
      li.appendChild(state);
    }
    state.textContent = 'Saved ✓';
  }

  function showOutboxItem(item) {
    placeItem(item.req, answerItem(item.req, item.error ? 'failed' : 'pending', item.error));
  }

  // ---- sending ----

  function lockForm(locked) {
    if (textBox) {
      textBox.readOnly = locked;
    }
    if (sendButton) {
      sendButton.disabled = locked;
      sendButton.textContent = locked ? 'Sending…' : 'Send';
    }
  }

  function resetForm() {
    if (textBox) {
      textBox.value = '';
    }
    fieldControls().forEach(function (c) {
      c.value = '';
    });
    form.elements.id.value = freshId();
  }

  function buildRequest() {
    var fields = {};
    var any = false;
    fieldControls().forEach(function (c) {
      if (c.value !== '') {
        fields[c.getAttribute('data-field')] = c.value;
        any = true;
      }
    });
    var req = {
      id: form.elements.id.value,
      exercise: form.elements.exercise.value,
      slot: chosenSlot(),
      group: page.group,
      text: textBox ? textBox.value : ''
    };
    if (any) {
      req.fields = fields;
    }
    var parent = form.elements.parent;
    if (parent && parent.value) {
      req.parent = parent.value;
    }
    return req;
  }

  function errorText(res) {
    return res
      .json()
      .then(function (body) {
        return body && typeof body.error === 'string' && body.error
          ? body.error
          : 'the server answered ' + res.status;
      })
      .catch(function () {
        return 'the server answered ' + res.status;
      });
  }

  function acknowledged(item) {
    var id = item.req.id;
    confirmed[id] = true;
    removeFromOutbox(id);
    var pending = findPending(id);
    if (!findItem(id)) {
      var saved = answerItem(item.req, null);
      if (pending && pending.parentNode) {
        pending.parentNode.replaceChild(saved, pending);
      } else {
        placeItem(item.req, saved);
      }
    } else {
      removeElement(pending);
    }
    markSaved(id);
    var savedUnder = 'Saved under ' + slotLabel(item.req.slot) + ' ✓';
    if (formItemId === id) {
      formItemId = null;
      resetForm();
      lockForm(false);
      clearErrors();
      if (textBox) {
        textBox.focus();
      }
    }
    setStatus(savedUnder, true);
  }

  function rejected(item, message) {
    var id = item.req.id;
    if (formItemId === id) {
      // The text is still in the box: keep it there, with a new id so a corrected send is new.
      formItemId = null;
      removeFromOutbox(id);
      removeElement(findPending(id));
      form.elements.id.value = freshId();
      lockForm(false);
      showError('Not saved: ' + message);
      return;
    }
    updateInOutbox(id, function (i) {
      i.error = message;
    });
    item.error = message;
    showOutboxItem(item);
    showError('An earlier answer was not saved: ' + message + ' Its text is kept in the list below.');
  }

  function unreachable(id) {
    if (formItemId === id) {
      // It is safe in the outbox and listed as "sending…": free the box for the next answer.
      formItemId = null;
      resetForm();
      lockForm(false);
      setStatus(
        'No connection: your answer is kept on this device and sent as soon as the connection is back.',
        false
      );
    }
  }

  function send(item) {
    var id = item.req.id;
    inFlight[id] = true;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, REQUEST_TIMEOUT_MS)
      : null;
    return fetch('/api/contributions', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(item.req),
      signal: controller ? controller.signal : undefined
    })
      .then(
        function (res) {
          if (res.status === 200 || res.status === 201) {
            acknowledged(item);
            return 'ok';
          }
          if (res.status === 401) {
            signOut();
            return 'stop';
          }
          if (res.status >= 500 || res.status === 408 || res.status === 429) {
            unreachable(id);
            return 'retry';
          }
          return errorText(res).then(function (message) {
            rejected(item, message);
            return 'ok';
          });
        },
        function () {
          unreachable(id);
          return 'retry';
        }
      )
      .then(
        function (outcome) {
          if (timer) {
            clearTimeout(timer);
          }
          delete inFlight[id];
          return outcome;
        },
        function () {
          if (timer) {
            clearTimeout(timer);
          }
          delete inFlight[id];
          return 'retry';
        }
      );
  }

  function scheduleRetry() {
    if (retryTimer || signedOut) {
      return;
    }
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flush();
    }, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  function flush() {
    if (flushing) {
      flushAgain = true;
      return;
    }
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    if (signedOut) {
      return;
    }
    var waiting = loadOutbox().filter(function (i) {
      return !i.error && !inFlight[i.req.id];
    });
    flushing = true;
    var next = function (index) {
      if (index >= waiting.length) {
        return Promise.resolve('ok');
      }
      return send(waiting[index]).then(function (outcome) {
        return outcome === 'ok' ? next(index + 1) : outcome;
      });
    };
    next(0).then(function (outcome) {
      flushing = false;
      if (outcome === 'retry') {
        scheduleRetry();
      } else if (outcome === 'ok') {
        backoff = MIN_BACKOFF_MS;
      }
      if (flushAgain) {
        flushAgain = false;
        flush();
      }
    });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (formItemId) {
      return;
    }
    var slot = chosenSlot();
    if (!slot || (!choiceOf(slot) && slot !== page.slot)) {
      showError('Choose where the answer goes, then press Send.');
      return;
    }
    var item = { req: buildRequest() };
    putInOutbox(item);
    showOutboxItem(item);
    clearErrors();
    setStatus('', false);
    if (signedOut) {
      signOut();
      return;
    }
    formItemId = item.req.id;
    lockForm(true);
    backoff = MIN_BACKOFF_MS;
    flush();
  });

  // ---- live updates ----

  // The page shown anew when nothing typed or waiting would be lost; else `message`, with a
  // link to show it anyway.
  function reloadOrSay(message, link) {
    var waiting = loadOutbox().some(function (i) {
      return !i.error;
    });
    if (formIsEmpty() && !waiting && !formItemId) {
      window.location.assign('/');
      return;
    }
    var go = el('a', null, link);
    go.href = '/';
    showBanner([message], go);
  }

  function onAgenda(exercise) {
    if (!exercise || exercise.id === page.exercise) {
      return;
    }
    reloadOrSay(
      'The facilitator moved on to “' + String(exercise.title) + '” — reload when you have sent this.',
      'Go to it now'
    );
  }

  // The same exercise, worded anew where it stands (a centre picked live, its seed taken out):
  // shown at once when nothing typed would be lost, else said.
  function onExercise(exercise) {
    if (!exercise || exercise.id !== page.exercise) {
      return;
    }
    reloadOrSay(
      'The facilitator changed what this exercise starts from — reload when you have sent this.',
      'Show it now'
    );
  }

  // An answer's first line, as the list of answers to go under names it (as the server does).
  function parentWords(text) {
    var lines = String(text).split('\n');
    var chars = Array.from(lines[0]);
    var out = chars.slice(0, 40).join('');
    return chars.length > 40 || lines.length > 1 ? out + '\u2026' : out;
  }

  // The answers another can go under changed (another group added one, one was taken out):
  // the list is drawn again, the one chosen kept while it is there, else the newest.
  function onParents(d) {
    if (!d || d.exercise !== page.exercise || !Array.isArray(d.parents)) {
      return;
    }
    var select = document.getElementById('parent');
    var none = document.getElementById('parent-none');
    var slot = select ? select.getAttribute('data-parent-slot') : none && none.getAttribute('data-parent-slot');
    if (!slot) {
      return;
    }
    var choices = d.parents.filter(function (p) {
      return p && p.slot === slot && typeof p.id === 'string';
    });
    if (!choices.length) {
      return;
    }
    var chosen = select ? select.value : '';
    if (!select) {
      select = el('select');
      select.id = 'parent';
      select.name = 'parent';
      select.setAttribute('data-parent-slot', slot);
      none.parentNode.replaceChild(select, none);
    }
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    var kept = false;
    choices.forEach(function (p) {
      var o = el('option', null, (p.group ? '[' + p.group + '] ' : '') + parentWords(p.text));
      o.value = p.id;
      o.dir = 'auto';
      if (p.id === chosen) {
        o.selected = true;
        kept = true;
      }
      select.appendChild(o);
    });
    if (!kept) {
      select.selectedIndex = choices.length - 1;
    }
  }

  // A vote opened, closed or was revealed: show it (at once when nothing typed would be lost).
  function onRound(round) {
    var shown = null;
    var sections = document.querySelectorAll('section.vote');
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getAttribute('data-round') === String(round.id)) {
        shown = sections[i];
      }
    }
    if (shown && shown.getAttribute('data-state') === String(round.state)) {
      return;
    }
    var waiting = loadOutbox().some(function (i) {
      return !i.error;
    });
    if (formIsEmpty() && !waiting && !formItemId) {
      window.location.assign('/');
      return;
    }
    var go = el('a', null, 'Show it now');
    go.href = '/';
    var news = {
      open: 'A vote has opened',
      closed: 'The vote has closed',
      revealed: 'The results of the vote are in'
    }[String(round.state)] || 'The vote changed';
    showBanner([news + ' — reload when you have sent this.'], go);
  }

  // Whether a listed, saved item already shows this answer as it is (then it is left alone).
  function shows(li, answer) {
    if (li.classList.contains('pending') || li.classList.contains('failed')) {
      return false;
    }
    if (li.getAttribute('data-slot') !== answer.slot) {
      return false;
    }
    var text = li.querySelector('.text');
    if ((text ? text.textContent : '') !== (answer.text || '')) {
      return false;
    }
    var fields = answer.fields || {};
    var names = Object.keys(fields).sort();
    var values = li.querySelectorAll('.fields dd');
    if (values.length !== names.length) {
      return false;
    }
    return names.every(function (name, i) {
      return values[i].textContent === String(fields[name]);
    });
  }

  function onAnswer(answer) {
    if (!answer || typeof answer.id !== 'string' || answer.exercise !== page.exercise) {
      return;
    }
    var old = findItem(answer.id);
    if (!(old && shows(old, answer))) {
      placeItem(answer, answerItem(answer, null));
    }
    // Our own unsent copy, now saved as it is: the saved one stands for it.
    var pending = findPending(answer.id);
    if (pending && !pending.classList.contains('failed')) {
      var same = loadOutbox().some(function (i) {
        return i.req.id === answer.id && i.req.text === answer.text;
      });
      if (same) {
        removeElement(pending);
        markSaved(answer.id);
      }
    }
  }

  // Catches up after a (re)connection: events sent while the stream was down are not replayed.
  function catchUp() {
    fetch('/api/session', {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' }
    })
      .then(function (res) {
        if (res.status === 401) {
          signOut();
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(function (reply) {
        if (!reply || !reply.exercise) {
          return;
        }
        if (reply.exercise.id !== page.exercise) {
          onAgenda(reply.exercise);
          return;
        }
        var listed = {};
        (reply.answers || []).forEach(function (a) {
          listed[a.id] = true;
          onAnswer(a);
        });
        var outbox = {};
        loadOutbox().forEach(function (i) {
          outbox[i.req.id] = true;
        });
        [hereList, otherList].forEach(function (list) {
          if (!list) {
            return;
          }
          Array.prototype.slice.call(list.children).forEach(function (li) {
            var id = li.getAttribute('data-id');
            // A reply written before our own send was acknowledged does not list it yet.
            if (id !== null && !listed[id] && !outbox[id] && !confirmed[id]) {
              removeElement(li);
            }
          });
        });
      })
      .catch(function () {});
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  function connect() {
    if (!window.EventSource || signedOut || events) {
      return;
    }
    var source = new EventSource('/api/events');
    events = source;
    source.addEventListener('open', catchUp);
    source.addEventListener('answer', function (ev) {
      var d = parse(ev.data);
      if (d) {
        onAnswer(d.answer);
      }
    });
    source.addEventListener('removed', function (ev) {
      var d = parse(ev.data);
      if (d && typeof d.id === 'string') {
        var waiting = loadOutbox().some(function (i) {
          return i.req.id === d.id;
        });
        if (!waiting) {
          delete confirmed[d.id];
          removeElement(findItem(d.id));
        }
      }
    });
    source.addEventListener('agenda', function (ev) {
      var d = parse(ev.data);
      if (d) {
        onAgenda(d.exercise);
      }
    });
    source.addEventListener('exercise', function (ev) {
      var d = parse(ev.data);
      if (d) {
        onExercise(d.exercise);
      }
    });
    source.addEventListener('parents', function (ev) {
      onParents(parse(ev.data));
    });
    source.addEventListener('round', function (ev) {
      var d = parse(ev.data);
      if (d && d.round) {
        onRound(d.round);
      }
    });
    source.addEventListener('revoked', function () {
      signOut();
    });
    source.addEventListener('error', function () {
      if (source.readyState === 2) {
        // The browser gave up (the server refused the stream): check why, then try again later.
        source.close();
        events = null;
        setTimeout(function () {
          if (!signedOut) {
            catchUp();
            connect();
          }
        }, 5000);
      }
    });
  }

  // ---- typed text moves with the note-taker to another slot, and survives a reload in this tab ----

  function saveDraft() {
    try {
      var kept = loadOutbox().some(function (i) {
        return textBox && i.req.text === textBox.value;
      });
      // Text already in the outbox goes out from there; a draft copy would invite a second send.
      if (textBox && textBox.value.trim() !== '' && !formItemId && !kept) {
        var heading = document.querySelector('main h1');
        window.sessionStorage.setItem(
          DRAFT_KEY,
          JSON.stringify({
            exercise: page.exercise,
            text: textBox.value,
            // The answer as Send would have sent it, should the page come back on another
            // exercise (the facilitator moved on): it can still be sent where it was typed.
            req: buildRequest(),
            title: heading ? heading.textContent : ''
          })
        );
      } else {
        window.sessionStorage.removeItem(DRAFT_KEY);
      }
    } catch (e) {
      // No session storage: nothing to keep.
    }
  }

  function restoreDraft() {
    try {
      var d = parse(window.sessionStorage.getItem(DRAFT_KEY) || 'null');
      window.sessionStorage.removeItem(DRAFT_KEY);
      if (d && d.exercise !== page.exercise && d.req && validItem({ req: d.req })) {
        // Typed on the exercise before and never sent: kept until sent there or discarded.
        var unsent = loadUnsent();
        unsent.push({ req: d.req, title: typeof d.title === 'string' ? d.title : '' });
        window.sessionStorage.setItem(UNSENT_KEY, JSON.stringify(unsent));
      }
      var fits = d && d.exercise === page.exercise && typeof d.text === 'string';
      if (fits && textBox && textBox.value === '') {
        textBox.value = d.text;
      }
    } catch (e) {
      // No session storage: nothing to restore.
    }
  }

  function loadUnsent() {
    try {
      var list = parse(window.sessionStorage.getItem(UNSENT_KEY) || '[]');
      return Array.isArray(list) ? list.filter(validItem) : [];
    } catch (e) {
      return [];
    }
  }

  // The first answer typed on another exercise and not sent: shown with its words, to send
  // where it was typed (it goes out through the outbox like any other) or to discard; then the
  // next, if any.
  function offerUnsent() {
    var d = loadUnsent()[0];
    if (!d) {
      return;
    }
    var where = d.title ? '“' + String(d.title) + '”' : 'the exercise before';
    var actions = el('div', 'draft-actions');
    var send = el('button', null, 'Send it to ' + where);
    send.type = 'button';
    var drop = el('button', 'quiet', 'Discard it');
    drop.type = 'button';
    actions.appendChild(send);
    actions.appendChild(drop);
    send.addEventListener('click', function () {
      var item = { req: d.req };
      putInOutbox(item);
      showOutboxItem(item);
      forgetUnsent(d.req.id);
      showBanner(['Your answer for ' + where + ' is on its way.']);
      flush();
      offerUnsent();
    });
    drop.addEventListener('click', function () {
      forgetUnsent(d.req.id);
      if (banner) {
        banner.hidden = true;
      }
      offerUnsent();
    });
    showBanner(['Not sent yet, typed on ' + where + ':', String(d.req.text)], actions);
  }

  function forgetUnsent(id) {
    try {
      var rest = loadUnsent().filter(function (d) {
        return d.req.id !== id;
      });
      if (rest.length) {
        window.sessionStorage.setItem(UNSENT_KEY, JSON.stringify(rest));
      } else {
        window.sessionStorage.removeItem(UNSENT_KEY);
      }
    } catch (e) {
      // No session storage: nothing kept.
    }
  }

  // ---- where the answer goes: chosen in the form, so Send files it there ----

  // The choice as it stands is what the page came with (the style sheet compares the two to
  // tell, without this script, that the question shown is no longer the chosen one).
  function settleChoice() {
    var choices = form.querySelectorAll('[data-slot-id]');
    for (var i = 0; i < choices.length; i++) {
      var c = choices[i];
      if (c.tagName === 'OPTION') {
        c.defaultSelected = c.selected;
      } else {
        c.defaultChecked = c.checked;
      }
    }
    var placeholder = form.querySelector('#slot-select option[value=""]');
    if (placeholder && !placeholder.selected) {
      placeholder.parentNode.removeChild(placeholder);
    }
  }

  function onChoose() {
    var slot = chosenSlot();
    var choice = choiceOf(slot);
    if (!choice || slot === page.slot) {
      return;
    }
    if (choice.getAttribute('data-shape') !== form.getAttribute('data-shape')) {
      // Answered with other fields: the server draws its form, keeping what was typed (as
      // "Show" does without this script; submit() sends the form as it is, unchecked).
      if (!formItemId) {
        var show = el('input');
        show.type = 'hidden';
        show.name = 'show';
        show.value = '1';
        form.appendChild(show);
        HTMLFormElement.prototype.submit.call(form);
      }
      return;
    }
    page.slot = slot;
    form.setAttribute('data-slot', slot);
    if (form.elements.shown) {
      form.elements.shown.value = slot;
    }
    if (heading) {
      heading.textContent = slotLabel(slot);
      heading.hidden = false;
    }
    settleChoice();
    relist();
    setStatus('', false);
  }

  form.addEventListener('change', function (ev) {
    if (ev.target && ev.target.name === 'slot') {
      onChoose();
    }
  });
  if (showButton) {
    showButton.hidden = true;
  }
  window.addEventListener('pagehide', saveDraft);
  window.addEventListener('online', function () {
    backoff = MIN_BACKOFF_MS;
    flush();
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      flush();
    }
  });

  restoreDraft();
  offerUnsent();
  loadOutbox().forEach(showOutboxItem);
  flush();
  connect();
})();
