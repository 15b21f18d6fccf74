'use strict';
/**
 * A Jest reporter that prints each scenario's figure line right after the scenario's result.
 * Scenarios write their line to a file of a folder this reporter makes (EDICT_FIGURES_DIR);
 * printing from here, synchronously, keeps the lines out of Jest's buffered console output,
 * which can be lost when the run ends.
 */
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

class FigureReporter {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'edict-figures-'));
    this.printed = new Set();
    process.env.EDICT_FIGURES_DIR = this.dir;
  }

  onTestResult() {
    for (const file of readdirSync(this.dir).sort()) {
      if (this.printed.has(file)) continue;
      this.printed.add(file);
      writeSync(1, `\n${readFileSync(join(this.dir, file), 'utf8').trim()}\n\n`);
    }
  }

  onRunComplete() {
    this.onTestResult();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = FigureReporter;
