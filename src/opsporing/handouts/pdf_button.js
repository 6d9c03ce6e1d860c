// One click gives the PDF: the button says "Laver PDF …" while the kernel makes it,
// then the browser saves the file the kernel sent back. Nothing is fetched from anywhere.
function render({ model, el }) {
  const texts = model.get("texts");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "opsporing-download opsporing-download-pdf";
  button.textContent = texts.idle;
  const status = document.createElement("span");
  status.className = "opsporing-download-status";
  status.setAttribute("role", "status");
  el.append(button, status);

  const idle = () => {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = texts.idle;
  };
  button.addEventListener("click", () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = texts.busy;
    status.textContent = "";
    model.send({ type: "make" });
  });
  model.on("msg:custom", (message, buffers) => {
    if (message.type === "pdf" && buffers.length) {
      const url = URL.createObjectURL(new Blob([buffers[0]], { type: "application/pdf" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = message.name;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = texts.done;
    } else if (message.type === "failed") {
      status.textContent = message.text;
    }
    idle();
  });
}

export default { render };
