// The app's navigation, its heading, and the address bar kept in step with both.
//
// One kernel holds the whole app, so moving to another view is a change of
// this widget's `location` ({vis, case, trin, film}), not a page load: one
// trait, so the kernel learns a view and its place in one step. Under Voila
// the address follows (history API): a reload or a shared link opens the same
// view and place, and the browser's Back returns to the previous one. Any link
// on the page to `?vis=…` is followed the same way; a click with a modifier
// key (new tab) is left to the browser.

const PLACE = ["case", "trin", "film"];

function locationOf(params, fallback) {
  const location = { vis: params.get("vis") || fallback };
  for (const key of PLACE) if (params.get(key)) location[key] = params.get(key);
  return location;
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

  const here = () => model.get("location");
  const inAddressBar = () => model.get("address");
  const address = () => {
    const params = new URLSearchParams(window.location.search);
    // Said once, by the page the server redirected an old personal link to.
    params.delete("gammelt-link");
    for (const key of ["vis", ...PLACE]) {
      const value = here()[key];
      if (value !== undefined && value !== "") params.set(key, String(value));
      else params.delete(key);
    }
    // Every address names the entry notebook, whose kernels the server keeps warm: a
    // reload or a shared link opens at once, whichever notebook the app was opened from.
    const path = window.location.pathname.replace(/[^/]*$/, model.get("entry"));
    return `${path}?${params}`;
  };
  const linkTo = (id) => `?${new URLSearchParams({ vis: id })}`;
  const draw = () => {
    nav.setAttribute("aria-label", model.get("label"));
    list.replaceChildren(
      ...model.get("views").map((v) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = linkTo(v.id);
        link.textContent = v.label;
        if (v.id === here().vis) link.setAttribute("aria-current", "page");
        item.append(link);
        return item;
      }),
    );
    const view = model.get("views").find((v) => v.id === here().vis);
    heading.textContent = view ? view.title : "";
    if (view && inAddressBar()) document.title = `${view.title} – ${model.get("kit")}`;
  };

  // The address bar: a new view, case or film is a step Back should undo; a stage only updates.
  let fromHistory = false;
  const record = (step) => {
    if (!inAddressBar() || fromHistory) return;
    const wanted = address();
    if (wanted === `${window.location.pathname}${window.location.search}`) return;
    if (step) window.history.pushState(null, "", wanted);
    else window.history.replaceState(null, "", wanted);
  };

  // A reload, a shared link or Back names a film or a stage: show it once the kernel has
  // drawn it (the view is built after the page has loaded).
  let revealing = null;
  const reveal = () => {
    const place = here();
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

  let followed = false;
  const go = (params, viaHistory) => {
    fromHistory = viaHistory;
    model.set("location", locationOf(params, model.get("views")[0].id));
    fromHistory = false;
    model.save_changes();
  };
  const onClick = (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest?.("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    // Only this app's links: JupyterLab may show several of the kit's notebooks at once.
    const app = el.closest(".opsporing-page");
    if (app && !app.contains(link)) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || !url.searchParams.has("vis")) return;
    event.preventDefault();
    followed = url.searchParams.get("vis") !== here().vis;
    go(url.searchParams, false);
  };
  const onPop = () => {
    if (!inAddressBar()) return; // JupyterLab's own address changes are not ours
    go(new URLSearchParams(window.location.search), true);
    reveal();
  };

  let last = here();
  model.on("change:location", () => {
    const now = here();
    const moved = now.vis !== last.vis;
    const step = moved || now.case !== last.case || now.film !== last.film;
    last = now;
    draw();
    record(step);
    if (moved) {
      if (followed) heading.focus();
      window.scrollTo(0, 0);
    }
    followed = false;
  });
  model.on("change:views", draw);
  // The trainer moved the room (opsporing.pages.follow): as a followed link, then the place.
  model.on("msg:custom", (msg) => {
    if (!msg || !msg.moved) return;
    heading.focus({ preventScroll: true });
    reveal();
  });

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
