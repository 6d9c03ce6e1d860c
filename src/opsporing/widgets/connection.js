// The page's watch on its kernel, and the participant's answers while it is gone.
//
// The kernel answers a ping every half second. When no answer has come for
// 1.5 s (the kernel died, the network or the websocket dropped, a laptop woke
// after its kernel was culled), a Danish alert says so and what to do. While it
// is up, every answer a participant types or clicks is kept in this browser
// (localStorage, per participant) and the question says it is not saved yet.
// An answer leaves the browser's keeping only when the kernel reports that the
// store has it; the rest is sent again when the kernel answers again, or by
// the next page's kernel after a reload.

const PING_MS = 500;
const LOST_AFTER_MS = 1500;
const TICK_MS = 250;
const ASLEEP_AFTER_MS = 3000;

function readQuestion(question) {
  // The answer the question's own widget shows (`question.js` keeps it on the fieldset).
  try {
    return JSON.parse(question.dataset.answer || "null");
  } catch {
    return null;
  }
}

function questionKey(question) {
  return [...question.classList].find((name) => name.startsWith("opsporing-q-"));
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function render({ model, el }) {
  const texts = model.get("texts");
  const storageKey = () => `opsporing:ikke-gemt:${model.get("participant")}`;
  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(storageKey()) || "{}");
    } catch {
      return {};
    }
  };
  const store = (pending) => {
    try {
      if (Object.keys(pending).length) localStorage.setItem(storageKey(), JSON.stringify(pending));
      else localStorage.removeItem(storageKey());
    } catch {
      // A browser without storage still shows the alert; nothing else can keep the answer.
    }
  };

  let banner = document.getElementById("opsporing-connection");
  if (!banner) {
    banner = document.createElement("div");
    banner.id = "opsporing-connection";
    banner.className = "opsporing-connection";
    banner.setAttribute("role", "alert");
    banner.hidden = true;
    document.body.prepend(banner);
  }
  let lost = false;
  let lastPong = Date.now();
  let lastTick = Date.now();
  let sequence = 0;

  const showLost = () => {
    lost = true;
    banner.hidden = false;
    banner.classList.remove("opsporing-connection-back");
    banner.innerHTML = "";
    const message = document.createElement("p");
    message.textContent = texts.lost;
    const reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = texts.reload;
    reload.addEventListener("click", () => window.location.reload());
    banner.append(message, reload);
    document.body.classList.add("opsporing-offline");
    // What was answered just before the silence began is not saved either.
    for (const key of Object.keys(load())) {
      const question = document.querySelector(`.${key}`);
      if (question) markKept(question);
    }
  };
  const showBack = () => {
    lost = false;
    banner.classList.add("opsporing-connection-back");
    banner.textContent = texts.back;
    document.body.classList.remove("opsporing-offline");
    setTimeout(() => {
      if (!lost) banner.hidden = true;
    }, 4000);
  };
  const sendPending = () => {
    const pending = load();
    const answers = Object.fromEntries(
      Object.entries(pending).map(([key, entry]) => [key, entry.payload]),
    );
    if (Object.keys(answers).length) model.send({ type: "pending", answers });
  };

  const markKept = (question) => {
    const status = question.querySelector(".opsporing-status");
    if (status) status.textContent = texts.kept;
  };
  const onInput = (event) => {
    const target = event.target;
    const question = target.closest?.(".opsporing-question");
    if (!question || !model.get("participant")) return;
    // A text box reports each keystroke as "input"; its "change" on leaving the box adds
    // nothing. Radio buttons and checkboxes report a "change".
    if (event.type === "change" && target.matches?.("textarea")) return;
    // After the widget's own handler has updated what it shows.
    setTimeout(() => {
      const key = questionKey(question);
      const payload = readQuestion(question);
      if (!key || payload === null) return;
      const pending = load();
      pending[key] = { payload, at: Date.now() };
      store(pending);
      // While connected, the kernel says "Gemmer …" and then "Gemt" itself.
      if (lost) markKept(question);
    }, 0);
  };
  document.addEventListener("input", onInput, true);
  document.addEventListener("change", onInput, true);

  model.on("msg:custom", (message) => {
    if (message.type === "pong") {
      lastPong = Date.now();
      if (lost && navigator.onLine) {
        showBack();
        sendPending();
      }
    } else if (message.type === "saved") {
      const pending = load();
      const entry = pending[message.key];
      if (entry && same(entry.payload, message.payload)) {
        delete pending[message.key];
        store(pending);
      }
    }
  });

  const ping = setInterval(() => model.send({ type: "ping", n: ++sequence }), PING_MS);
  const watch = setInterval(() => {
    const now = Date.now();
    if (now - lastTick > ASLEEP_AFTER_MS) {
      // The laptop slept: judge the connection from a fresh ping, not the old silence.
      lastPong = now;
      model.send({ type: "ping", n: ++sequence });
    }
    lastTick = now;
    const silent = now - lastPong > LOST_AFTER_MS;
    if (!lost && document.visibilityState === "visible" && (silent || !navigator.onLine)) {
      showLost();
    }
  }, TICK_MS);
  const offline = () => showLost();
  window.addEventListener("offline", offline);
  // Back online: the next pong decides, within the usual 1.5 s.
  const online = () => {
    lastPong = Date.now();
    model.send({ type: "ping", n: ++sequence });
  };
  window.addEventListener("online", online);
  const visible = () => {
    if (document.visibilityState === "visible") lastPong = Math.max(lastPong, Date.now() - PING_MS);
  };
  document.addEventListener("visibilitychange", visible);

  // A reload: what the last page could not save goes to this page's kernel first.
  sendPending();
  model.on("change:participant", sendPending);

  el.classList.add("opsporing-connection-watch");
  return () => {
    clearInterval(ping);
    clearInterval(watch);
    window.removeEventListener("offline", offline);
    window.removeEventListener("online", online);
    document.removeEventListener("visibilitychange", visible);
    document.removeEventListener("input", onInput, true);
    document.removeEventListener("change", onInput, true);
  };
}

export default { render };
