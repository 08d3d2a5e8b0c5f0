/* The search box's engine (docs/javascripts/websearch-engine.js), unchanged, run headless under Node over a built
   zhidu-search/ folder: the parity gate's second runtime (tests/parity/test_parity.py).

   Usage: node tests/parity/engine.js <zhidu-search folder> <limit>  < queries.json  > answers.json
   Input: a JSON array of query strings. Output: a JSON array, one entry per query:
   {"hits": [[id, article, status, cited], ...], "missing": [words the box names as 没有找到], "ms": milliseconds}. The browser's fetch is replaced by a shim that
   reads the folder from disk (no network, no npm package). */
"use strict";

const fs = require("fs");
const path = require("path");

const folder = path.resolve(process.argv[2]);
const limit = parseInt(process.argv[3] || "10", 10);

function response(file) {
  let data = null;
  try { data = fs.readFileSync(file); } catch (error) { data = null; }
  return {
    ok: data !== null,
    status: data === null ? 404 : 200,
    json: () => Promise.resolve(JSON.parse(data.toString("utf-8"))),
    text: () => Promise.resolve(data.toString("utf-8")),
    arrayBuffer: () => Promise.resolve(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)),
  };
}

// The box asks for index files as name?v=<index version> (browser caching, docs/deploy/nginx.conf): a web server
// ignores the query string when it maps the URL to a file, and so does this shim.
globalThis.fetch = (address) => Promise.resolve(response(String(address).split("?")[0]));

const engineFile = path.resolve(__dirname, "..", "..", "docs", "javascripts", "websearch-engine.js");
const lib = require(engineFile);

async function main() {
  const queries = JSON.parse(fs.readFileSync(0, "utf-8"));
  const index = new lib.Index(folder + path.sep);
  await index.load();
  const engine = new lib.Engine(index);
  const out = [];
  for (const query of queries) {
    const started = process.hrtime.bigint();
    const result = await engine.search(query, limit);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const hits = [];
    for (const hit of result.hits) {
      const doc = await index.doc(hit.doc);
      const version = index.meta.versions[doc[0]];
      hits.push([version[0], doc[1], version[2], hit.cited]);
    }
    out.push({ hits: hits, missing: result.missing || [], ms: ms });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
