/* Loads the map page's scripts into node as the browser would run them: each in a context of
 * its own with the few browser globals it reads (window, document, navigator), so the scripts
 * themselves need no change to be tested here. */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const JS = path.join(ROOT, "web", "static", "js");

function readTable() {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "parity_cases.json"), "utf8"));
}

/* Runs web/static/js/<name> with `globals` and returns the context's `window`. */
function loadScript(name, globals) {
  const window = {};
  const context = vm.createContext(Object.assign({ window: window, console: console }, globals));
  vm.runInContext(fs.readFileSync(path.join(JS, name), "utf8"), context, { filename: name });
  return { window: window, context: context };
}

module.exports = { ROOT: ROOT, readTable: readTable, loadScript: loadScript };
