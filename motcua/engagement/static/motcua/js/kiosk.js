// The counter's tablet: a button to go full-screen (browsers need a tap for it), hidden once there.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-fullscreen]");
  if (!button || !document.documentElement.requestFullscreen) { if (button) button.hidden = true; return; }
  button.hidden = Boolean(document.fullscreenElement);
  button.addEventListener("click", () => document.documentElement.requestFullscreen().then(() => { button.hidden = true; }, () => {}));
});

// A ticket taken at the hall's kiosk prints itself (the kiosk's browser runs in kiosk-printing mode).
document.addEventListener("DOMContentLoaded", () => {
  if (document.querySelector("[data-print]")) window.print();
});
