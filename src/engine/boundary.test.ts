import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The engine stays free of UI and build-tool imports; Biome's noRestrictedImports enforces
 * it (biome.json). This checks that the rule still bites, so a config edit cannot quietly
 * switch it off. The probes are linted in a scratch copy of the project's config, so no
 * stray file ever appears in the source tree.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'eventlab-boundary-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8'));
  config.$schema = undefined;
  config.vcs = { enabled: false };
  config.files = undefined;
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function lint(path: string, source: string): string {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const result = spawnSync(BIOME, ['lint', '--colors=off', '--max-diagnostics=50', path], {
    cwd: scratch,
    encoding: 'utf8',
  });
  return `${result.stdout}${result.stderr}`;
}

const forbidden: readonly [string, string][] = [
  ['react', "import { useState } from 'react';"],
  ['react-dom', "import { createRoot } from 'react-dom/client';"],
  ['zustand', "import { create } from 'zustand';"],
  ['@xyflow/react', "import { ReactFlow } from '@xyflow/react';"],
  ['motion', "import { motion } from 'motion/react';"],
  ['framer-motion', "import { motion } from 'framer-motion';"],
  ['vite', "import { defineConfig } from 'vite';"],
  ['src/ui', "import { Header } from '../ui/Header';"],
  ['src/app', "import { usePrefs } from '../../app/prefs';"],
];

describe('engine import boundary', () => {
  describe.each(['src/engine', 'src/storage', 'src/workers'])('%s', (folder) => {
    it.each(forbidden)('refuses %s', (_name, line) => {
      const name = line.match(/\{ (\w+) \}/)?.[1] ?? '';
      const out = lint(`${folder}/deep/probe.ts`, `${line}\nexport const keep = [${name}];\n`);
      expect(out).toContain('noRestrictedImports');
    });
  });

  // the server is Node code that Vite loads: it may import vite, never the page's UI
  describe('src/server', () => {
    it.each(
      forbidden.filter(([name]) =>
        ['react', 'react-dom', 'zustand', '@xyflow/react', 'src/ui'].includes(name),
      ),
    )('refuses %s', (_name, line) => {
      const name = line.match(/\{ (\w+) \}/)?.[1] ?? '';
      const out = lint(`src/server/deep/probe.ts`, `${line}\nexport const keep = [${name}];\n`);
      expect(out).toContain('noRestrictedImports');
    });

    it('allows vite', () => {
      const out = lint(
        'src/server/probe.ts',
        "import { defineConfig } from 'vite';\nexport const keep = [defineConfig];\n",
      );
      expect(out).not.toContain('noRestrictedImports');
    });
  });

  it('allows the same imports in src/ui', () => {
    const out = lint(
      'src/ui/probe.tsx',
      "import { useState } from 'react';\nexport const keep = [useState];\n",
    );
    expect(out).not.toContain('noRestrictedImports');
    expect(out).toContain('Checked 1 file');
  });
});
