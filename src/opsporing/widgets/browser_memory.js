// What this browser remembers between visits: which participant it was on
// each hold, and a random name for itself.
//
// Voila keeps nothing between page loads and the participant travels in the
// address, so opening the kit's address again would start over. This keeps
// the participant id per hold in localStorage and tells the kernel, which
// offers "Fortsæt som <kaldenavn>" for the ones that still exist. The
// client name lets the store count wrong PINs and return codes per browser.

const PARTICIPANTS = "opsporing:deltagere";
const CLIENT = "opsporing:klient";

function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null") ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private browsing without storage: the personal link and return code still work.
  }
}

function clientName() {
  let name = read(CLIENT, "");
  if (!name) {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    name = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    write(CLIENT, name);
  }
  return name;
}

function render({ model, el }) {
  el.hidden = true;
  const tell = () => {
    model.set("known", read(PARTICIPANTS, {}));
    model.set("client", clientName());
    model.save_changes();
  };
  const remember = () => {
    const { hold, id } = model.get("remember");
    if (hold === undefined) return;
    const known = read(PARTICIPANTS, {});
    if (id) known[hold] = id;
    else delete known[hold];
    write(PARTICIPANTS, known);
    tell();
  };
  remember();
  tell();
  model.on("change:remember", remember);
  return () => model.off("change:remember", remember);
}

export default { render };
