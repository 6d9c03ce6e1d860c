// One question as a form a screen reader can answer: a fieldset named by its legend,
// native radio buttons and checkboxes with their labels, the help tied to the group,
// the save status in a polite live region and a failed save in an alert.
// The kernel saves; this side only shows the answer and reports what the participant did.

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function render({ model, el }) {
  const spec = model.get("spec");
  const kind = model.get("question_kind");
  // Unique on the page: each widget may get its own copy of this module, so no counter.
  const id = `opsporing-q-${Math.random().toString(36).slice(2, 10)}`;
  const group = element("fieldset", {
    class: `opsporing-question opsporing-kind-${kind} ${model.get("key_class")}`,
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
  const send = () => {
    model.set("value", readValue());
    if (consent) model.set("shared", consent.checked);
    model.save_changes();
    group.dataset.answer = JSON.stringify({ value: model.get("value"), shared: model.get("shared") });
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
  el.append(group);

  function readValue() {
    if (textarea) return textarea.value;
    const chosen = inputs.filter((input) => input.checked).map((input) => spec.options[+input.value].value);
    return spec.multiple ? chosen : chosen.length ? chosen[0] : null;
  }

  function show() {
    const value = model.get("value");
    if (textarea) {
      if (textarea.value !== (value ?? "")) textarea.value = value ?? "";
      consent.checked = model.get("shared");
    } else {
      const chosen = spec.multiple ? value || [] : value === null ? [] : [value];
      inputs.forEach((input) => {
        input.checked = chosen.some((v) => JSON.stringify(v) === JSON.stringify(spec.options[+input.value].value));
      });
    }
    group.dataset.answer = JSON.stringify({ value, shared: model.get("shared") });
  }
  function showStatus() {
    const failed = model.get("failed");
    status.textContent = failed ? "" : model.get("status");
    alert.textContent = failed ? model.get("status") : "";
  }
  function showDisabled() {
    for (const input of inputs) input.disabled = model.get("disabled");
  }
  show();
  showStatus();
  showDisabled();
  model.on("change:value", show);
  model.on("change:shared", show);
  model.on("change:status", showStatus);
  model.on("change:failed", showStatus);
  model.on("change:disabled", showDisabled);
}

export default { render };
