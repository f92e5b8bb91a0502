// Shows how far a large upload has gone. Without this script the form posts as usual.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-upload-progress]") || !window.FormData) return;
  const files = [...form.querySelectorAll("input[type=file]")].reduce((n, input) => n + input.files.length, 0);
  if (files === 0) return;
  event.preventDefault();
  const data = new FormData(form);
  if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
  const box = form.querySelector(".upload-progress");
  const bar = box.querySelector("progress");
  const percent = box.querySelector(".upload-percent");
  box.hidden = false;
  form.querySelectorAll("button").forEach((b) => (b.disabled = true));
  const request = new XMLHttpRequest();
  // form.action would be the button named "action": read the attributes (the button's
  // formaction first, as an ordinary post does: the counter's "Nộp và tiếp nhận").
  const target = (event.submitter && event.submitter.getAttribute("formaction")) || form.getAttribute("action");
  request.open("POST", target || window.location.href);
  request.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    percent.textContent = `${bar.value}%`;
  });
  request.addEventListener("load", () => {
    // Show the page the server answered with (after a redirect, under its address), so its
    // messages are seen once, as with an ordinary form post.
    if (request.responseURL && request.responseURL !== window.location.href) {
      window.history.pushState(null, "", request.responseURL);
    }
    document.open();
    document.write(request.responseText);
    document.close();
  });
  request.addEventListener("error", () => {
    percent.textContent = "Mất kết nối khi tải tệp. Vui lòng thử lại.";
    form.querySelectorAll("button").forEach((b) => (b.disabled = false));
  });
  request.send(data);
});
