import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { replaceSection, writeSection } from './benchmarks-file';

const FILE = '# Benchmarks\n\nIntro.\n\n## Pacing (`npm run bench:pacing`)\n\n_Not yet run._\n\n## Lead import\n\n_Not yet run._\n';

describe('replaceSection', () => {
  it('replaces only the body of its section', () => {
    const out = replaceSection(FILE, '## Pacing (`npm run bench:pacing`)', '| a |\n|---|');
    expect(out).toBe('# Benchmarks\n\nIntro.\n\n## Pacing (`npm run bench:pacing`)\n\n| a |\n|---|\n\n## Lead import\n\n_Not yet run._\n');
    expect(replaceSection(out, '## Pacing (`npm run bench:pacing`)', '| a |\n|---|')).toBe(out);
  });

  it('works on the last section and appends a missing one', () => {
    expect(replaceSection(FILE, '## Lead import', 'done')).toBe(FILE.replace('## Lead import\n\n_Not yet run._\n', '## Lead import\n\ndone\n'));
    expect(replaceSection('# B\n', '## New', 'x')).toBe('# B\n\n## New\n\nx\n');
  });

  it('rewrites a file in place (what every bench:* does with BENCHMARKS.md)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'benchmarks-file-'));
    try {
      const file = path.join(dir, 'BENCHMARKS.md');
      writeFileSync(file, FILE);
      writeSection(file, '## Lead import', 'done');
      writeSection(file, '## Webhooks (`npm run bench:webhooks`)', 'fast');
      expect(readFileSync(file, 'utf8')).toBe(
        FILE.replace('## Lead import\n\n_Not yet run._\n', '## Lead import\n\ndone\n') + '\n## Webhooks (`npm run bench:webhooks`)\n\nfast\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
