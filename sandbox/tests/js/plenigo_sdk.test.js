// The stand-in SDK script (sandbox/src/plenigo_sdk.js, served byte for byte at
// /static_resources/javascript/{companyId}/plenigo_sdk.min.js) run against a minimal fake
// DOM: what it posts, where, and the overlay it builds.
// Run: node --test sandbox/tests/js/plenigo_sdk.test.js
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const test = require("node:test");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "../../src/plenigo_sdk.js"), "utf8");
const SCRIPT_URL =
  "https://127.0.0.1:4444/static_resources/javascript/23NuCmdPoiRRkQiCqP9Q/plenigo_sdk.min.js";

/** Loads the script into a fresh fake page; returns the page and the forms submitted. */
function load(scriptUrl = SCRIPT_URL) {
  const byId = new Map();
  const submitted = [];
  const element = (tag) => ({
    tag,
    children: [],
    style: {},
    attributes: {},
    parentNode: null,
    appendChild(child) {
      child.parentNode = this;
      this.children.push(child);
      if (child.id) byId.set(child.id, child);
      return child;
    },
    removeChild(child) {
      this.children = this.children.filter((c) => c !== child);
      if (child.id) byId.delete(child.id);
    },
    setAttribute(name, value) {
      this.attributes[name] = value;
    },
    submit() {
      const fields = Object.fromEntries(this.children.map((i) => [i.name, i.value]));
      submitted.push({ action: this.action, method: this.method, target: this.target, fields });
    },
  });
  const body = element("body");
  const document = {
    body,
    baseURI: "http://127.0.0.1:8080/page",
    currentScript: { src: scriptUrl },
    createElement: element,
    getElementById: (id) => byId.get(id) || null,
  };
  const window = {};
  vm.runInNewContext(SOURCE, { window, document, URL, String });
  return { window, document, body, byId, submitted };
}

test("checkoutWithRemoteLogin posts the snippet's data and the company into an overlay", () => {
  const page = load();
  page.window.plenigo.checkoutWithRemoteLogin({
    paymentData: "a.b.c",
    startWithRegistration: false,
    loginToken: "TOKEN",
    targetUrl: "https://shop.example/done?a=1&b=2",
  });
  assert.equal(page.submitted.length, 1);
  const [form] = page.submitted;
  assert.equal(form.action, "https://127.0.0.1:4444/__sandbox/checkout");
  assert.equal(form.method, "POST");
  assert.equal(form.target, "plenigo-checkout-frame");
  assert.deepEqual(form.fields, {
    companyId: "23NuCmdPoiRRkQiCqP9Q",
    function: "checkoutWithRemoteLogin",
    startWithRegistration: "false",
    paymentData: "a.b.c",
    loginToken: "TOKEN",
    targetUrl: "https://shop.example/done?a=1&b=2",
  });
  const overlay = page.byId.get("plenigo-overlay");
  assert.ok(overlay, "an overlay");
  const frame = page.byId.get("plenigo-checkout-frame");
  assert.equal(frame.name, "plenigo-checkout-frame");
  assert.ok(page.byId.get("plenigo-close"), "a close button");
  assert.equal(page.body.children.filter((c) => c.tag === "form").length, 0, "form removed");
});

test("checkout without a login token says so, and a second call replaces the overlay", () => {
  const page = load();
  page.window.plenigo.checkout({ paymentData: "x.y.z", startWithRegistration: true });
  page.window.plenigo.checkout({ paymentData: "x.y.z" });
  assert.deepEqual(page.submitted[0].fields, {
    companyId: "23NuCmdPoiRRkQiCqP9Q",
    function: "checkout",
    startWithRegistration: "true",
    paymentData: "x.y.z",
  });
  assert.equal(page.submitted[1].fields.startWithRegistration, "false");
  assert.equal(page.body.children.filter((c) => c.id === "plenigo-overlay").length, 1);
  page.window.plenigo.close();
  assert.equal(page.byId.get("plenigo-overlay"), undefined);
  assert.equal(page.byId.get("plenigo-checkout-frame"), undefined);
});

test("elementId puts the checkout into that element instead of an overlay", () => {
  const page = load();
  const host = page.document.createElement("div");
  host.id = "host";
  page.body.appendChild(host);
  page.window.plenigo.checkout({ paymentData: "p", elementId: "host" });
  assert.equal(page.byId.get("plenigo-overlay"), undefined);
  assert.equal(host.children[0].id, "plenigo-checkout-frame");
  assert.equal(page.submitted[0].fields.elementId, "host");
});

test("the company ID and origin come from the script's own URL, percent-decoded", () => {
  const page = load("http://localhost:9999/static_resources/javascript/Co%2FX/plenigo_sdk.min.js");
  page.window.plenigo.checkout({ paymentData: "p" });
  assert.equal(page.submitted[0].action, "http://localhost:9999/__sandbox/checkout");
  assert.equal(page.submitted[0].fields.companyId, "Co/X");
});
