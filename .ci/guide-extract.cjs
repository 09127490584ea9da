// Reads the README's quick start as a script would: the code block after each
// `<!-- guide-file: PATH -->` is the whole file PATH of the app, and the `sh` block after
// `<!-- guide-try -->` holds the requests to make, one a line, each ending in `# STATUS`.
//   node guide-extract.cjs files README.md APP_DIR   writes the files, prints their paths
//   node guide-extract.cjs try README.md             prints the requests block
'use strict';
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, normalize, isAbsolute } = require('node:path');

const [command, readmePath, appDir] = process.argv.slice(2);
const lines = readFileSync(readmePath, 'utf8').split('\n');

function fail(message) {
  console.error(`${readmePath}: ${message}`);
  process.exit(1);
}

// The fenced block that must open on the line after a marker (blank lines allowed between).
function blockAfter(markerIndex) {
  let start = markerIndex + 1;
  while (start < lines.length && lines[start].trim() === '') start++;
  const open = /^(`{3,})(\w*)\s*$/.exec(lines[start] ?? '');
  if (!open) fail(`line ${markerIndex + 1}: the marker is not followed by a code block`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === open[1]);
  if (end === -1) fail(`line ${start + 1}: the code block is never closed`);
  return { language: open[2], text: lines.slice(start + 1, end).join('\n') + '\n' };
}

const markers = (pattern) =>
  lines.flatMap((line, index) => {
    const match = pattern.exec(line.trim());
    return match ? [{ index, value: match[1] }] : [];
  });

if (command === 'files') {
  const files = markers(/^<!--\s*guide-file:\s*(\S+)\s*-->$/);
  if (files.length === 0) fail('no <!-- guide-file: PATH --> marker');
  const seen = new Set();
  for (const { index, value } of files) {
    const path = normalize(value);
    if (isAbsolute(path) || path.startsWith('..')) fail(`line ${index + 1}: ${value} is outside the app`);
    if (seen.has(path)) fail(`line ${index + 1}: ${value} is given twice`);
    seen.add(path);
    const { language, text } = blockAfter(index);
    if (language !== 'ts') fail(`line ${index + 1}: ${value} is a "${language}" block, not "ts"`);
    mkdirSync(dirname(join(appDir, path)), { recursive: true });
    writeFileSync(join(appDir, path), text);
    console.log(`    ok  ${path}`);
  }
} else if (command === 'try') {
  const blocks = markers(/^<!--\s*(guide-try)\s*-->$/);
  if (blocks.length !== 1) fail(`expected one <!-- guide-try --> marker, found ${blocks.length}`);
  const { language, text } = blockAfter(blocks[0].index);
  if (language !== 'sh') fail('the guide-try block is not an "sh" block');
  process.stdout.write(text);
} else {
  fail(`unknown command ${command}`);
}
