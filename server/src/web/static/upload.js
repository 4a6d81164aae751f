// fieldsync web pages: photos for an answer, sent before the form with the
// resumable upload protocol (sync-protocol §18) on the session cookie. Each
// photo is named by its SHA-256 (crypto.subtle), sent in chunks with a
// progress bar; after a failed chunk, or when the same photo is picked again
// after a reload, the server is asked how much it holds and the upload goes
// on from there. The form then names the photos by hash.
// Without this script the form still sends the text.
(function () {
  "use strict";
  var form = document.getElementById("respond-form");
  if (!form || !window.crypto || !crypto.subtle || !window.XMLHttpRequest) { return; }
  var box = form.querySelector(".uploader");
  var input = form.querySelector(".photo-files");
  var list = form.querySelector(".uploads");
  var hashes = form.querySelector("input[name=photos]");
  var token = form.querySelector("input[name=csrf]").value;
  var submit = form.querySelector("button[type=submit]");
  var busy = 0;
  var done = [];
  box.hidden = false;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // One request; resolves with {status, body} (body parsed when JSON).
  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("x-csrf-token", token);
      Object.keys(headers || {}).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress) { xhr.upload.onprogress = function (e) { onProgress(e.loaded); }; }
      xhr.onload = function () {
        var parsed = null;
        try { parsed = JSON.parse(xhr.responseText); } catch (ignored) { parsed = null; }
        resolve({ status: xhr.status, body: parsed });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(body);
    });
  }

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function row(file) {
    var li = document.createElement("li");
    li.className = "upload";
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var pct = document.createElement("span");
    pct.className = "pct";
    pct.textContent = "0%";
    var status = document.createElement("span");
    status.className = "status";
    status.textContent = box.dataset.uploading;
    li.append(name, " ", bar, " ", pct, " ", status);
    list.appendChild(li);
    return {
      li: li,
      progress: function (sent) {
        var p = Math.min(100, Math.floor(sent * 100 / Math.max(file.size, 1)));
        bar.value = p;
        pct.textContent = p + "%";
      },
      finish: function (ok, detail) {
        li.classList.add(ok ? "done" : "failed");
        status.textContent = ok ? box.dataset.uploaded : box.dataset.failed + (detail ? " (" + detail + ")" : "");
      }
    };
  }

  // Sends the bytes from `offset` on, asking the server again after a failure.
  async function chunks(file, state, shown) {
    var id = state.upload_id;
    var offset = state.offset;
    var size = Math.max(state.min_chunk_bytes || 5242880, 1);
    var failures = 0;
    while (true) {
      var end = Math.min(offset + size, file.size);
      var answer = null;
      try {
        answer = await send("PUT", "/app/uploads/" + id, file.slice(offset, end), {
          "content-type": "application/octet-stream",
          "content-range": "bytes " + offset + "-" + (end - 1) + "/" + file.size
        }, function (loaded) { shown.progress(offset + loaded); });
      } catch (network) { answer = null; }
      if (answer && answer.status >= 200 && answer.status < 300 && answer.body) {
        if (answer.body.complete) { return; }
        offset = answer.body.offset;
        failures = 0;
        continue;
      }
      if (answer && (answer.status === 415 || answer.status === 422 || answer.status === 413 || answer.status === 403)) {
        throw new Error(String(answer.status));
      }
      failures += 1;
      if (failures > 5) { throw new Error(answer ? String(answer.status) : "network"); }
      await wait(500 * failures);
      var asked = await send("GET", "/app/uploads/" + id, null, {});
      if (asked.status !== 200 || !asked.body) { throw new Error(String(asked.status)); }
      offset = asked.body.offset;
      shown.progress(offset);
    }
  }

  // The session of a photo picked again after a reload or a cut: the
  // server is asked how much it holds and the upload goes on from there.
  function remember(sha, id) {
    try {
      if (id) { sessionStorage.setItem("upload:" + sha, id); } else { sessionStorage.removeItem("upload:" + sha); }
    } catch (ignored) { /* private mode: no resuming across reloads */ }
  }

  async function resumed(sha) {
    var id = null;
    try { id = sessionStorage.getItem("upload:" + sha); } catch (ignored) { id = null; }
    if (!id) { return null; }
    var asked = await send("GET", "/app/uploads/" + id, null, {});
    if (asked.status === 200 && asked.body) { return asked.body; }
    remember(sha, null);
    return null;
  }

  async function upload(file) {
    var shown = row(file);
    busy += 1;
    submit.disabled = true;
    try {
      var sha = hex(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
      var started = await resumed(sha);
      if (!started) {
        started = await send("POST", "/app/uploads", JSON.stringify({ sha256: sha, size: file.size }),
          { "content-type": "application/json" });
        if (started.status !== 200 && started.status !== 201) { throw new Error(String(started.status)); }
        started = started.body;
      }
      if (!started.complete) {
        remember(sha, started.upload_id);
        await chunks(file, started, shown);
      }
      remember(sha, null);
      shown.progress(file.size);
      shown.finish(true);
      if (done.indexOf(sha) === -1) { done.push(sha); }
      hashes.value = done.join(" ");
    } catch (err) {
      shown.finish(false, err.message);
    } finally {
      busy -= 1;
      submit.disabled = busy > 0;
    }
  }

  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, upload);
    input.value = "";
  });
})();
