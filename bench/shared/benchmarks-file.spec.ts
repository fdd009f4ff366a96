import { replaceSection } from './benchmarks-file';

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
});
