// Which editor documents RegLab lints, and in which of the linter's languages: Python for every
// rule; JavaScript / TypeScript (TensorFlow.js code) for bias-regularizer. A JS/TS document is only
// handed to the linter when it names biasRegularizer (as `reglab lint` does), so opening files
// of a web project never loads the parser for nothing. Pure: no vscode import.
import type { LintLanguage } from '../../core/lint/types';

/** VS Code language ids -> the linter's languages (JSX goes through the TSX grammar). */
const BY_LANGUAGE_ID: Readonly<Record<string, LintLanguage>> = {
  python: 'python',
  javascript: 'javascript',
  typescript: 'typescript',
  javascriptreact: 'tsx',
  typescriptreact: 'tsx',
};

export const LINTED_LANGUAGE_IDS = Object.keys(BY_LANGUAGE_ID);

export function lintLanguageOf(languageId: string): LintLanguage | undefined {
  return Object.prototype.hasOwnProperty.call(BY_LANGUAGE_ID, languageId) ? BY_LANGUAGE_ID[languageId] : undefined;
}

/** False when the text cannot have a finding in that language (JS/TS without biasRegularizer). */
export function mayHaveFindings(language: LintLanguage, text: string): boolean {
  return language === 'python' || text.includes('biasRegularizer');
}

/** The line comment that carries a `reglab: ignore[...]` directive. */
export function lineCommentPrefix(language: LintLanguage | undefined): string {
  return language === undefined || language === 'python' ? '#' : '//';
}
