// fieldsync web pages: a little progressive JavaScript. Everything works
// without it; with it, photos open in place and missing thumbnails fall back.
(function () {
  "use strict";
  document.addEventListener("error", function (e) {
    var img = e.target;
    if (img.tagName === "IMG" && img.dataset.full && img.src.indexOf(img.dataset.full) === -1) {
      img.src = img.dataset.full;
    }
  }, true);
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.photo");
    if (!link || e.ctrlKey || e.metaKey) { return; }
    e.preventDefault();
    var box = document.createElement("div");
    box.className = "lightbox";
    var img = document.createElement("img");
    img.src = link.href;
    img.alt = "";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = link.dataset.close || "×";
    box.appendChild(img);
    box.appendChild(close);
    box.addEventListener("click", function () { box.remove(); });
    document.addEventListener("keydown", function esc(k) {
      if (k.key === "Escape") { box.remove(); document.removeEventListener("keydown", esc); }
    });
    document.body.appendChild(box);
  });
  // A spreadsheet import: the file goes as the body, the form's token as a
  // header; the page then shows again, saying what happened.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("import")) { return; }
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) { return; }
    e.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    // The answer is a redirect whose cookie carries the outcome; following it
    // here would show (and so use up) the outcome in the background.
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "content-type": "text/csv", "x-csrf-token": form.dataset.csrf },
      body: file
    }).then(function () { location.assign(location.pathname); }, function () { button.disabled = false; });
  });
  var print = document.getElementById("print-now");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
