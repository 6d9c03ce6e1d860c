// Questions shown together (`block.py`): a text before them, parts of questions (each in a box
// of its own, with a text before and after it), a text after. A question is a fieldset named
// by its legend, native radio buttons and checkboxes with their labels, the help tied to the
// group, the save status in a polite live region and a failed save in an alert.
// The kernel saves; this side only shows the answers and reports what the participant did,
// each answer with its question's key. A part unfolded or folded away is added or removed;
// the parts before it stay as they are, with what is being typed in them.

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function question(model, index, item) {
  const { spec, kind } = item;
  // Unique on the page: each widget may get its own copy of this module, so no counter.
  const id = `opsporing-q-${Math.random().toString(36).slice(2, 10)}`;
  const group = element("fieldset", {
    class: `opsporing-question opsporing-kind-${kind} ${item.key_class}`,
  });
  group.append(element("legend", { id: `${id}-legend` }, spec.text));
  const described = [];
  for (const [name, text] of [["hint", spec.hint], ["help", spec.help]]) {
    if (!text) continue;
    group.append(element("p", { id: `${id}-${name}`, class: `opsporing-${name}` }, text));
    described.push(`${id}-${name}`);
  }
  if (described.length) group.setAttribute("aria-describedby", described.join(" "));

  const inputs = [];
  let textarea = null;
  let consent = null;
  const answer = () => model.get("answers")[index] || { value: null, shared: false };
  const send = () => {
    const sent = { value: readValue(), shared: consent ? consent.checked : answer().shared };
    const answers = [...model.get("answers")];
    answers[index] = { key: item.key_class, ...sent };
    model.set("answers", answers);
    model.save_changes();
    group.dataset.answer = JSON.stringify(sent);
  };

  if (kind === "fritekst") {
    textarea = element("textarea", {
      id: `${id}-text`,
      "aria-labelledby": `${id}-legend`,
      placeholder: spec.placeholder,
      rows: "4",
    });
    textarea.addEventListener("input", send);
    const shareLabel = element("label", { class: "opsporing-option" });
    consent = element("input", { type: "checkbox", "aria-describedby": `${id}-share-help` });
    consent.addEventListener("change", send);
    shareLabel.append(consent, element("span", {}, spec.share));
    group.append(
      textarea,
      shareLabel,
      element("p", { id: `${id}-share-help`, class: "opsporing-help" }, spec.share_help),
    );
    inputs.push(textarea, consent);
  } else {
    const type = spec.multiple ? "checkbox" : "radio";
    const options = element("div", {
      class: `opsporing-options${spec.row ? " opsporing-options-row" : ""}`,
    });
    spec.options.forEach((option, index) => {
      const label = element("label", { class: "opsporing-option" });
      const input = element("input", { type, name: id, value: String(index) });
      input.addEventListener("change", send);
      label.append(input, element("span", {}, option.label));
      if (option.light) label.classList.add(`opsporing-light-${option.light}`);
      options.append(label);
      inputs.push(input);
    });
    group.append(options);
  }

  const status = element("p", { class: "opsporing-status", role: "status" });
  const alert = element("p", { class: "opsporing-error", role: "alert" });
  group.append(status, alert);

  function readValue() {
    if (textarea) return textarea.value;
    const chosen = inputs.filter((input) => input.checked).map((input) => spec.options[+input.value].value);
    return spec.multiple ? chosen : chosen.length ? chosen[0] : null;
  }

  function show() {
    const { value, shared } = answer();
    if (textarea) {
      if (textarea.value !== (value ?? "")) textarea.value = value ?? "";
      consent.checked = shared;
    } else {
      const chosen = spec.multiple ? value || [] : value === null ? [] : [value];
      inputs.forEach((input) => {
        input.checked = chosen.some((v) => JSON.stringify(v) === JSON.stringify(spec.options[+input.value].value));
      });
    }
    group.dataset.answer = JSON.stringify({ value, shared });
  }
  function showStatus() {
    const shown = model.get("statuses")[index] || {};
    status.textContent = shown.failed ? "" : shown.status ?? "";
    alert.textContent = shown.failed ? shown.status ?? "" : "";
    for (const input of inputs) input.disabled = Boolean(shown.disabled);
  }
  show();
  showStatus();
  return { group, show, showStatus };
}

const drawnHtml = new WeakMap();

function html(node, markup) {
  // The kernel's own HTML (content rendered from Markdown and escaped there), as an
  // ipywidgets HTML widget would show it; set again only when it changed, so a screen
  // reader's place in a text that stays is kept.
  if (drawnHtml.get(node) === markup) return;
  drawnHtml.set(node, markup);
  node.innerHTML = markup;
  node.hidden = !markup;
}

function part(model, items, offset) {
  const box = element("div");  // its classes are set where it is shown (`showParts`)
  const before = element("div", { class: "opsporing-block-text" });
  const after = element("div", { class: "opsporing-block-text" });
  const questions = items.map((item, k) => question(model, offset + k, item));
  box.append(before, ...questions.map((q) => q.group), after);
  const keys = items.map((item) => item.key_class).join(" ");
  return { box, before, after, questions, keys };
}

function render({ model, el }) {
  const before = element("div", { class: "opsporing-block-text" });
  const after = element("div", { class: "opsporing-block-text" });
  el.append(before, after);
  let parts = [];
  const showParts = () => {
    const items = model.get("items");
    let offset = 0;
    let kept = true;
    const next = model.get("parts").map((drawing, i) => {
      const own = items.slice(offset, offset + drawing.count);
      const keys = own.map((item) => item.key_class).join(" ");
      let shown = parts[i];
      kept = kept && shown !== undefined && shown.keys === keys;
      if (!kept) {
        shown = part(model, own, offset);
      }
      shown.box.className = ["opsporing-block-part", ...drawing.classes].join(" ");
      html(shown.before, drawing.before);
      html(shown.after, drawing.after);
      offset += drawing.count;
      return shown;
    });
    for (const old of parts) if (!next.includes(old)) old.box.remove();
    for (const shown of next) if (shown.box.parentNode !== el) el.insertBefore(shown.box, after);
    parts = next;
  };
  const showText = () => {
    html(before, model.get("before"));
    html(after, model.get("after"));
  };
  const questions = () => parts.flatMap((shown) => shown.questions);
  showText();
  showParts();
  model.on("change:before", showText);
  model.on("change:after", showText);
  model.on("change:parts", showParts);
  model.on("change:answers", () => questions().forEach((q) => q.show()));
  model.on("change:statuses", () => questions().forEach((q) => q.showStatus()));
}

export default { render };
