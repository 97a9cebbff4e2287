// Runs xlwings Lite scripts under Pyodide in Node, the way the xlwings Lite add-in does in Excel's browser
// runtime: the workbook arrives as a JS object, Python turns it into `xw.Book(json=payload)` and calls the
// @script function through `xlwings.server.custom_scripts_call` (as xlwings' own wasm runtime does), and
// the recorded actions (`book.json()`) come back. What the add-in's Office.js side answers on demand
// (`js.xlwings.getRangeData`, `getNoteText`) is answered here from the case's formulas, fills and notes.
//
// usage: node pyodide_harness.mjs PYODIDE_DIR WHEELS_DIR MAIN_PY CASES_JSON OUT_JSON
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelsDir, mainPy, casesPath, outPath] = process.argv.slice(2);

let pyodide = null;
let current = null; // the case being run
const calls = [];

async function main() {
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);

const t0 = Date.now();
pyodide = await loadPyodide({ indexURL: pyodideDir + "/", stdout: () => {}, stderr: () => {} });
for (const name of readdirSync(wheelsDir).filter((n) => n.endsWith(".whl")).sort()) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(join(wheelsDir, name))), "wheel");
}
const loaded = Date.now();

// ---------------------------------------------------------------- the Office.js side, answered from the case
function colNumber(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
function colLetters(n) {
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
function parseAddress(address) {
  const parts = address.replace(/\$/g, "").toUpperCase().split(":");
  const cell = (p) => {
    const m = /^([A-Z]+)(\d+)$/.exec(p);
    if (!m) throw new Error("address not understood: " + address);
    return [Number(m[2]), colNumber(m[1])];
  };
  const [r1, c1] = cell(parts[0]);
  const [r2, c2] = parts.length > 1 ? cell(parts[1]) : [r1, c1];
  return [r1, c1, r2, c2];
}
function matrix(sheetName, address, fn) {
  const sheet = current.sheets[sheetName];
  if (!sheet) throw new Error("no sheet " + sheetName);
  const [r1, c1, r2, c2] = parseAddress(address);
  const rows = [];
  for (let r = r1; r <= r2; r++) {
    const row = [];
    for (let c = c1; c <= c2; c++) row.push(fn(sheet, colLetters(c) + r, r, c));
    rows.push(row);
  }
  return rows;
}
function value(sheetName, r, c) {
  const values = current.payload.sheets.find((s) => s.name === sheetName).values;
  const row = values[r - 1] || [];
  return row[c - 1] === undefined ? "" : row[c - 1];
}
globalThis.xlwings = {
  // Office.js `range.formulas`: the formula where there is one, the constant otherwise;
  // `range.format.fill.color`: "#FFFFFF" where a cell has no fill.
  async getRangeData(sheetName, address, keys) {
    calls.push(["getRangeData", sheetName, address, keys.toJs ? keys.toJs() : keys]);
    const wanted = keys.toJs ? keys.toJs() : keys;
    const out = {};
    for (const key of wanted) {
      if (key === "formulas") {
        out.formulas = matrix(sheetName, address, (s, a, r, c) => s.formulas[a] ?? value(sheetName, r, c));
      } else if (key === "colors") {
        out.colors = matrix(sheetName, address, (s, a) => s.fills[a] ?? "#FFFFFF");
      } else if (key === "color") {
        out.color = matrix(sheetName, address, (s, a) => s.fills[a] ?? "#FFFFFF")[0][0];
      } else {
        throw new Error("getRangeData: key not in this stand-in: " + key);
      }
    }
    return out;
  },
  async getNoteText(sheetName, address) {
    calls.push(["getNoteText", sheetName, address]);
    return current.sheets[sheetName].notes[address.replace(/\$/g, "")] ?? null;
  },
};

// ---------------------------------------------------------------- xlwings' wasm runtime, as in xlwings Lite
await pyodide.runPythonAsync(`
import os
os.environ["XLWINGS_ON_SERVER"] = "true"          # what xlwings' wasm config sets before importing xlwings
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # this test only: the remote engine is in xlwings' pro/
import importlib.util, io, sys, traceback, contextlib
import js
import xlwings as xw
import xlwings.server
from pyodide.ffi import to_js

def create_module_from_string(module_string, module_name):
    spec = importlib.util.spec_from_loader(module_name, loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(module_string, module.__dict__)
    sys.modules[module_name] = module
    return module

async def custom_scripts_call(data, script_name):
    payload = data.to_py()
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            book = xw.Book(json=payload)
            book = await xlwings.server.custom_scripts_call(
                module=custom_scripts, script_name=script_name, typehint_to_value={xw.Book: book}
            )
        result = {"actions": book.json()["actions"], "stdout": out.getvalue(), "stderr": err.getvalue()}
    except Exception as e:
        result = {"error": str(e), "details": traceback.format_exc(), "stdout": out.getvalue(), "stderr": err.getvalue()}
    import json
    return json.dumps(result, default=str)

def scripts_meta():
    import json
    return json.dumps(xlwings.server.custom_scripts_meta(custom_scripts))

def environment():
    import json, platform
    from importlib import metadata
    return json.dumps({"platform": sys.platform, "python": platform.python_version(),
                       "versions": {d: metadata.version(d) for d in ("omstill-xl", "xlwings", "openpyxl")},
                       "calamine_importable": importlib.util.find_spec("python_calamine") is not None,
                       "file_reader_says": _file_reader_says()})

def _file_reader_says():
    """What «omstill validate» says here when it needs python-calamine (Pyodide has none)."""
    from pathlib import Path
    from omstill_xl.workbook.xlsx import _calamine
    try:
        _calamine(Path("plan.xlsx"))
    except Exception as e:
        return getattr(e, "message", repr(e))
    return None
`);
pyodide.runPython("custom_scripts = None");
pyodide.globals.set("main_source", readFileSync(mainPy, "utf8"));
pyodide.runPython("custom_scripts = create_module_from_string(main_source, 'main')");

const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const results = {};
const call = pyodide.globals.get("custom_scripts_call");
for (const [name, c] of Object.entries(cases)) {
  current = c;
  calls.length = 0;
  const started = Date.now();
  const res = JSON.parse(await call(c.payload, "valider"));
  res.seconds = (Date.now() - started) / 1000;
  res.client_calls = calls.slice();
  results[name] = res;
}
const out = {
  environment: JSON.parse(pyodide.runPython("environment()")),
  scripts: JSON.parse(pyodide.runPython("scripts_meta()")),
  load_seconds: (loaded - t0) / 1000,
  results,
};
writeFileSync(outPath, JSON.stringify(out));
}

// Node prints the whole minified line of pyodide.asm.js with an uncaught error: print the message only.
main().catch((e) => {
  console.error("harness: " + String((e && e.message) || e).slice(0, 8000));
  process.exit(1);
});
