// Upload progress for the forms marked data-progress: optional. Without JavaScript the form posts normally and the browser shows the scan page.
(function () {
  var form = document.querySelector('form[data-progress]');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var bar = document.getElementById('progress');
    var text = document.getElementById('progress-text');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round(e.loaded * 100 / e.total);
      bar.value = pct;
      text.textContent = 'Uploaded ' + pct + '%';
    };
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) { window.location.href = xhr.responseURL; return; }
      document.open(); document.write(xhr.responseText); document.close();
    };
    xhr.onerror = function () { text.textContent = 'The upload failed; check the connection and try again.'; };
    xhr.send(new FormData(form));
  });
})();
