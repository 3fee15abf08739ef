// Benchmark peer: reads and parses two JSON files and diffs them with
// jsondiffpatch (arrays matched by the records' "id", as relcheck's
// --array-key does, or by position); prints how many top-level changes it
// found so that the work cannot be skipped.
'use strict';
const fs = require('fs');
const jsondiffpatch = require('jsondiffpatch');

const [a, b] = process.argv.slice(2).map(
  (p) => JSON.parse(fs.readFileSync(p, 'utf8')));
const differ = jsondiffpatch.create({
  objectHash: (o, i) => (o && o.id !== undefined ? String(o.id) : '$i' + i),
  arrays: { detectMove: false },
});
const delta = differ.diff(a, b) || {};
let n = 0;
(function count(d) {
  for (const k of Object.keys(d)) {
    if (k === '_t') continue;
    const v = d[k];
    if (Array.isArray(v)) n++;
    else if (v && typeof v === 'object') count(v);
  }
})(delta);
console.log(n);
