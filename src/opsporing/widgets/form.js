// A real form: labelled text boxes and submit buttons. What is typed stays in the
// browser until the form is submitted (a button, or Enter in a box); then the
// action and every value go to the kernel in one message, so nothing typed
// last can arrive after the click (see form.py). The same submit again within
// two seconds is a double click, and is sent once.

const DOUBLE_CLICK_MS = 2000;

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function render({ model, el }) {
  // Unique on the page: each widget may get its own copy of this module, so no counter.
  const id = `opsporing-form-${Math.random().toString(36).slice(2, 10)}`;
  const form = element("form", { class: "opsporing-form", novalidate: "" });
  const inputs = {};
  const read = () =>
    Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value]));
  // Kept in this page's copy of the model, not sent: the view drawn again after a visit
  // to another view shows what was typed.
  const keep = () => model.set("shown", read());

  for (const field of model.get("fields")) {
    const inputId = `${id}-${field.name}`;
    const row = element("div", { class: `opsporing-field ${field.css}`.trim() });
    const input = element("input", {
      id: inputId,
      name: field.name,
      type: field.secret ? "password" : "text",
      autocomplete: field.autocomplete,
      autocapitalize: field.capitals ? "characters" : "off",
      spellcheck: "false",
    });
    if (field.placeholder) input.placeholder = field.placeholder;
    row.append(element("label", { for: inputId }, field.label), input);
    if (field.help) {
      row.append(element("p", { id: `${inputId}-help`, class: "opsporing-help" }, field.help));
      input.setAttribute("aria-describedby", `${inputId}-help`);
    }
    input.addEventListener("input", keep);
    inputs[field.name] = input;
    form.append(row);
  }

  const buttons = element("div", { class: "opsporing-form-actions" });
  const drawActions = () => {
    buttons.replaceChildren(
      ...model.get("actions").map((action) => {
        const kind = action.primary ? "opsporing-primary" : "";
        const css = `opsporing-button ${kind} ${action.css}`.replace(/\s+/g, " ").trim();
        return element("button", { type: "submit", value: action.name, class: css }, action.label);
      }),
    );
  };
  const show = () => {
    const shown = model.get("shown");
    for (const [name, input] of Object.entries(inputs)) {
      const value = shown[name] ?? "";
      if (input.value !== value) input.value = value;
    }
  };

  let last = { sent: "", at: 0 };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const action = event.submitter?.value || model.get("actions")[0]?.name;
    if (!action) return;
    keep();
    const sent = JSON.stringify([action, read()]);
    const now = Date.now();
    if (sent === last.sent && now - last.at < DOUBLE_CLICK_MS) return;
    last = { sent, at: now };
    model.send({ type: "submit", action, values: read() });
  });

  model.on("change:shown", show);
  model.on("change:actions", drawActions);
  drawActions();
  show();
  form.append(buttons);
  el.append(form);
  return () => {
    model.off("change:shown", show);
    model.off("change:actions", drawActions);
  };
}

export default { render };
