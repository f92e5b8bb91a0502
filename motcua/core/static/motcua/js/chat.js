// The assistant's widget: empty the box after each answered question and keep the newest turn in view.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest && event.target.closest(".chat-form");
  if (!form || !event.detail.successful) return;
  form.reset();
  const log = document.getElementById("chat-log");
  if (log) log.scrollTop = log.scrollHeight;
});
