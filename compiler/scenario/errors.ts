/**
 * Lexer and parser errors → 4xxx diagnostics with spans from token offsets (Chevrotain `ILexingError`,
 * `IRecognitionException`).
 *
 * What was expected is asked of the grammar itself: `computeContentAssist` lists the tokens that could follow the
 * valid prefix before the error (from the start of the current scenario), so the message names every possibility,
 * in grammar order. When the offending token starts a new line, only tokens that can start a line are listed:
 * after `expect reviews` ⏎ `expct`, "Expected 'expect' or 'scenario'" is what the user needs to hear, not '@'.
 * When the prefix itself holds an earlier error, the exception's own expectation (see `_expected.ts`) is used.
 */
import { EOF, type ILexingError, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { Span } from "../diagnostics/span.ts";
import { parser } from "./parser.ts";
import * as T from "./tokens.ts";
import { listOf } from "./_expected.ts";

/** The grammar rule a parse starts at: a whole file, or one `--request`. */
export type StartRule = "scenarioFile" | "requestLine";

/** Tokens that begin a statement or a request continuation, and so may begin a line. */
const LINE_STARTERS: ReadonlySet<TokenType> = new Set([
  T.Scenario,
  T.Expect,
  T.Method,
  T.Url,
  T.From,
  T.Header,
  T.Plaintext,
]);

/** One MESH4001 per run of characters the lexer skipped. */
export function lexingDiagnostics(errors: readonly ILexingError[], text: string, file: string): Diagnostic[] {
  return errors.map((e) =>
    createDiagnostic(Messages.Unexpected_text_0, { file, start: e.offset, length: e.length }, [
      text.substr(e.offset, e.length),
    ]),
  );
}

/** One MESH4003 per parser error ("Expected X but found Y."), at the offending token; repeats at one place are dropped. */
export function parsingDiagnostics(
  errors: readonly IRecognitionException[],
  tokens: readonly IToken[],
  text: string,
  file: string,
  startRule: StartRule,
): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const index = tokenIndex(tokens, e.token);
    const span = spanOfFound(tokens, index, text, file);
    const expected = expectedAt(tokens, index, text, startRule) || e.message;
    const found =
      index < tokens.length ? `'${e.token.image}'` : startRule === "requestLine" ? "end of request" : "end of file";
    const key = `${span.start}:${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(createDiagnostic(Messages.Expected_0_but_found_1, span, [expected, found]));
  }
  return out;
}

/** Index of the offending token in the input; EOF (and anything not in it) is `tokens.length`. */
function tokenIndex(tokens: readonly IToken[], token: IToken): number {
  if (token.tokenType === EOF) return tokens.length;
  const i = tokens.indexOf(token);
  return i >= 0 ? i : tokens.findIndex((t) => t.startOffset === token.startOffset);
}

/**
 * The offending token; or an empty span just after the previous token when the input ended too early, or when the
 * offending token is a well-formed statement on a later line: then what is missing is at the end of the line
 * before (`expect status 503 50` ⏎ `scenario ...` points after `50`, not at `scenario`).
 */
function spanOfFound(tokens: readonly IToken[], index: number, text: string, file: string): Span {
  const token = tokens[index];
  const previous = tokens[index - 1];
  const afterPrevious = {
    file,
    start: previous === undefined ? 0 : previous.startOffset + previous.image.length,
    length: 0,
  };
  if (token === undefined) return afterPrevious;
  if (
    previous !== undefined &&
    LINE_STARTERS.has(token.tokenType) &&
    text.slice(afterPrevious.start, token.startOffset).includes("\n")
  ) {
    return afterPrevious;
  }
  return { file, start: token.startOffset, length: token.image.length };
}

function expectedAt(tokens: readonly IToken[], index: number, text: string, startRule: StartRule): string {
  let from = 0;
  if (startRule === "scenarioFile") {
    for (let i = index - 1; i >= 0; i--) {
      if (tokens[i]!.tokenType === T.Scenario) {
        from = i;
        break;
      }
    }
  }
  const prefix = tokens.slice(from, index);
  const types = [...new Set(parser.computeContentAssist(startRule, prefix).map((p) => p.nextTokenType))].filter((t) =>
    required(t, prefix, startRule),
  );
  const previous = tokens[index - 1];
  const current = tokens[index];
  const onNewLine =
    previous !== undefined &&
    text.slice(previous.startOffset + previous.image.length, current?.startOffset ?? text.length).includes("\n");
  const starters = types.filter((t) => LINE_STARTERS.has(t));
  return listOf(onNewLine && starters.length > 0 ? starters : types);
}

/**
 * The grammar lets a scenario end without expectations and an `expect` stand before any scenario (parser.ts says
 * why); the visitor reports both. So that messages name only what the user must write, leave out `expect` before
 * the first scenario and `scenario` before the current scenario's first `expect`.
 */
function required(type: TokenType, prefix: readonly IToken[], startRule: StartRule): boolean {
  if (startRule !== "scenarioFile") return true;
  const inScenario = prefix[0]?.tokenType === T.Scenario;
  if (type === T.Expect) return inScenario;
  if (type === T.Scenario) return !inScenario || prefix.some((t) => t.tokenType === T.Expect);
  return true;
}
