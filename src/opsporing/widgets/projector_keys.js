// The arrow keys for the projector view: ← and → step through the questions.
//
// A trainer at a laptop in front of a room presses keys (or a presenter
// remote, which sends the same keys), and does not aim at buttons. Keys typed
// into a text box or a menu are theirs, not ours.

const STEPS = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };

function render({ model, el }) {
  el.hidden = true;
  const onKey = (event) => {
    const by = STEPS[event.key];
    if (!by || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
    if (!document.querySelector(".opsporing-projector")) return;
    event.preventDefault();
    model.send({ type: "step", by });
  };
  document.addEventListener("keydown", onKey, true);
  return () => document.removeEventListener("keydown", onKey, true);
}

export default { render };
