import { RULES, ruleDocUrl } from './registry';
import { FAMILIES, Rule } from './types';

/** Renders a rule's documentation as Markdown: docs/rules/SMxxx.md and `sagelint rule SMxxx`. */
export function renderRuleDoc(rule: Rule): string {
  const { doc } = rule;
  // Requirements-file rules (SM703) show requirements files, not Python.
  const fence = rule.checkRequirements ? '```text' : '```python';
  return [
    `# ${rule.name} (${rule.code})`,
    '',
    `Family: ${FAMILIES[rule.code[2]] ?? 'other'} · Default severity: ${rule.defaultSeverity} · SDK: ${doc.sdkVersions}`,
    '',
    '## What it does',
    '',
    doc.what,
    '',
    '## Why is this bad?',
    '',
    doc.why,
    '',
    '## Example',
    '',
    ...Object.entries(rule.exampleScripts ?? {}).flatMap(([name, text]) => [`\`${name}\`, next to the module:`, '', fence, text.trimEnd(), '```', '']),
    ...(rule.exampleScripts ? ['The module:', ''] : []),
    fence,
    doc.example,
    '```',
    '',
    'Use instead:',
    '',
    fence,
    doc.useInstead,
    '```',
    '',
    '## Fix safety',
    '',
    doc.fixSafety,
    '',
    '## Suppression',
    '',
    `Add \`# noqa: ${rule.code}\` at the end of the line, or use the "Disable ${rule.code} for this line" quick-fix. Turn the rule off with \`"sagelint.ignore": ["${rule.code}"]\` in VS Code settings or \`--ignore ${rule.code}\` on the command line.`,
    '',
    '## SDK versions',
    '',
    doc.sdkVersions,
    '',
    '## References',
    '',
    ...doc.references.map((reference) => `- ${reference}`),
    '',
  ].join('\n');
}

/** docs/rules/README.md: the table of every rule. */
export function renderRuleIndex(): string {
  const rows = RULES.map((rule) => `| [${rule.code}](${rule.code}.md) | ${rule.name} | ${rule.defaultSeverity} | ${rule.summary} |`);
  return ['# sagelint rules', '', '| code | name | severity | what it finds |', '|---|---|---|---|', ...rows, ''].join('\n');
}

export { ruleDocUrl, RULES };
