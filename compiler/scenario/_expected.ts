/**
 * Chevrotain's error message provider, replaced so that an exception's `message` is only the user-facing list of
 * what was expected ("'expect' or 'scenario'"), built from token labels. `errors.ts` puts it into the catalog's
 * "Expected {0} but found {1}." (Chevrotain `IParserErrorMessageProvider`, packages/types/api.d.ts).
 */
import { EOF, type IParserErrorMessageProvider, type TokenType } from "chevrotain";

/** `'expect'`, `a URL`, `end of input`. */
export function labelOf(type: TokenType): string {
  if (type === EOF) return "end of input";
  return type.LABEL ?? type.name;
}

/** "a", "a or b", "a, b or c", without repeats, in grammar order. */
export function listOf(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map(labelOf))];
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

const firstTokens = (paths: readonly (readonly TokenType[])[]): TokenType[] =>
  paths.flatMap((p) => (p[0] ? [p[0]] : []));

export const expectedMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => labelOf(expected),
  buildNotAllInputParsedMessage: () => labelOf(EOF),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => listOf(expectedPathsPerAlt.flatMap(firstTokens)),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => listOf(firstTokens(expectedIterationPaths)),
};
