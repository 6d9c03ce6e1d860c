// The app's navigation, its heading, and the address bar kept in step with both.
//
// One kernel holds the whole app, so moving to another view is a change of
// this widget's `view`, not a page load. Under Voila the address follows
// (history API): a reload or a shared link opens the same view and place, and
// the browser's Back returns to the previous one. Any link on the page to
// `?vis=…` is followed the same way; a click with a modifier key (new tab)
// is left to the browser.

const PLACE = ["case", "trin", "film"];

function placeOf(params) {
  const place = {};
  for (const key of PLACE) if (params.get(key)) place[key] = params.get(key);
  return place;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function render({ model, el }) {
  const nav = document.createElement("nav");
  nav.className = "opsporing-nav";
  const list = document.createElement("ul");
  nav.append(list);
  const heading = document.createElement("h1");
  heading.tabIndex = -1;
  heading.className = "opsporing-heading";
  el.append(nav, heading);

  const inAddressBar = () => model.get("address");
  const address = () => {
    const params = new URLSearchParams(window.location.search);
    params.set("vis", model.get("view"));
    const participant = model.get("participant");
    if (participant) params.set("deltager", participant);
    else params.delete("deltager");
    const place = model.get("place");
    for (const key of PLACE) {
      if (place[key] !== undefined && place[key] !== "") params.set(key, String(place[key]));
      else params.delete(key);
    }
    return `${window.location.pathname}?${params}`;
  };
  const linkTo = (id) => {
    const params = new URLSearchParams({ vis: id });
    if (model.get("participant")) params.set("deltager", model.get("participant"));
    return `?${params}`;
  };
  const draw = () => {
    nav.setAttribute("aria-label", model.get("label"));
    list.replaceChildren(
      ...model.get("views").map((v) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = linkTo(v.id);
        link.textContent = v.label;
        if (v.id === model.get("view")) link.setAttribute("aria-current", "page");
        item.append(link);
        return item;
      }),
    );
    const here = model.get("views").find((v) => v.id === model.get("view"));
    heading.textContent = here ? here.title : "";
    if (here && inAddressBar()) document.title = `${here.title} – ${model.get("kit")}`;
  };

  let applying = false;
  const go = (params, fromHistory) => {
    // What the address asks for, given to the kernel: it swaps the view.
    applying = fromHistory;
    model.set({ place: placeOf(params), view: params.get("vis") || model.get("views")[0].id });
    applying = false;
    model.save_changes();
  };
  const onClick = (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest?.("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || !url.searchParams.has("vis")) return;
    event.preventDefault();
    followed = true;
    go(url.searchParams, false);
  };
  let followed = false;
  const onPop = () => {
    go(new URLSearchParams(window.location.search), true);
    reveal();
  };

  // A reload, a shared link or Back names a film or a stage: show it once the kernel has
  // drawn it (the view is built after the page has loaded).
  let revealing = null;
  const reveal = () => {
    const place = model.get("place");
    const selector = place.film
      ? `.opsporing-film-${CSS.escape(place.film)}`
      : place.trin
        ? `.opsporing-vignette .opsporing-stage-${CSS.escape(String(place.trin))}`
        : null;
    clearInterval(revealing);
    if (!selector) return;
    const until = Date.now() + 10000;
    revealing = setInterval(() => {
      const target = document.querySelector(selector);
      if (target && target.offsetParent !== null) target.scrollIntoView({ block: "start" });
      if (target || Date.now() > until) clearInterval(revealing);
    }, 200);
  };

  // Several changes in one turn (a view and its place) make one history entry.
  let pending = null;
  const record = (push) => {
    if (!inAddressBar() || applying) return;
    if (pending === null) {
      pending = push;
      queueMicrotask(() => {
        const wanted = address();
        const step = pending;
        pending = null;
        if (wanted === `${window.location.pathname}${window.location.search}`) return;
        if (step) window.history.pushState(null, "", wanted);
        else window.history.replaceState(null, "", wanted);
      });
    } else {
      pending = pending || push;
    }
  };
  let lastPlace = model.get("place");
  model.on("change:view", () => {
    draw();
    record(true);
    if (followed) heading.focus();
    followed = false;
    window.scrollTo(0, 0);
  });
  model.on("change:place", () => {
    const place = model.get("place");
    // A new case or film is a step Back should undo; a new stage only updates the address.
    const step = place.case !== lastPlace.case || place.film !== lastPlace.film;
    lastPlace = place;
    record(step);
  });
  model.on("change:participant", () => {
    draw();
    record(false);
  });
  model.on("change:views", draw);

  document.addEventListener("click", onClick);
  window.addEventListener("popstate", onPop);
  draw();
  record(false);
  reveal();
  return () => {
    clearInterval(revealing);
    document.removeEventListener("click", onClick);
    window.removeEventListener("popstate", onPop);
  };
}

export default { render };
