/* plenigo-sandbox: a stand-in for plenigo's JavaScript SDK (checkout only).
 * plenigo.checkout(o) and plenigo.checkoutWithRemoteLogin(o) open an overlay (or fill the
 * element o.elementId names) with an iframe and POST o's data, the company ID and the
 * function's name into it; the sandbox answers the checkout page. */
(function () {
  "use strict";
  var script = document.currentScript;
  var src = new URL(script.src, document.baseURI);
  var segments = src.pathname.split("/");
  var companyId = decodeURIComponent(segments[segments.length - 2] || "");
  var action = src.origin + "/__sandbox/checkout";
  var FRAME = "plenigo-checkout-frame";
  var FIELDS = ["paymentData", "loginToken", "sourceUrl", "targetUrl", "affiliateId", "elementId"];

  function close() {
    var overlay = document.getElementById("plenigo-overlay");
    if (overlay) {
      overlay.parentNode.removeChild(overlay);
    }
    var frame = document.getElementById(FRAME);
    if (frame) {
      frame.parentNode.removeChild(frame);
    }
  }

  function frameIn(parent) {
    var frame = document.createElement("iframe");
    frame.id = FRAME;
    frame.name = FRAME;
    frame.title = "plenigo checkout";
    frame.style.cssText = "border:0;width:100%;height:100%;background:#fff;";
    parent.appendChild(frame);
    return frame;
  }

  function overlay() {
    var shade = document.createElement("div");
    shade.id = "plenigo-overlay";
    shade.style.cssText = "position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;" +
      "background:rgba(0,0,0,0.5);display:flex;align-items:center;justify-content:center;";
    var box = document.createElement("div");
    box.style.cssText = "position:relative;width:min(560px,95vw);height:min(520px,90vh);" +
      "background:#fff;border-radius:6px;box-shadow:0 4px 24px rgba(0,0,0,0.4);";
    var button = document.createElement("button");
    button.id = "plenigo-close";
    button.type = "button";
    button.textContent = "\u00d7";
    button.setAttribute("aria-label", "Close");
    button.style.cssText = "position:absolute;top:4px;right:8px;border:0;background:none;" +
      "font-size:24px;cursor:pointer;z-index:1;";
    button.onclick = close;
    box.appendChild(button);
    shade.appendChild(box);
    document.body.appendChild(shade);
    return box;
  }

  function open(options, fn) {
    var data = options || {};
    close();
    var target = data.elementId ? document.getElementById(String(data.elementId)) : null;
    frameIn(target || overlay());
    var form = document.createElement("form");
    form.method = "POST";
    form.action = action;
    form.target = FRAME;
    form.style.display = "none";
    var put = function (name, value) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = String(value);
      form.appendChild(input);
    };
    put("companyId", companyId);
    put("function", fn);
    put("startWithRegistration", data.startWithRegistration === true);
    FIELDS.forEach(function (name) {
      if (data[name] !== undefined && data[name] !== null) {
        put(name, data[name]);
      }
    });
    document.body.appendChild(form);
    form.submit();
    form.parentNode.removeChild(form);
  }

  window.plenigo = {
    checkout: function (options) {
      open(options, "checkout");
    },
    checkoutWithRemoteLogin: function (options) {
      open(options, "checkoutWithRemoteLogin");
    },
    close: close
  };
})();
