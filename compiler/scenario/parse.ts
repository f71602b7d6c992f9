/**
 * The scenario stage's entry points: text → AST + diagnostics, pure (no I/O). Lexing, parsing and visiting each
 * report everything they find; the result's diagnostics are sorted by position.
 */
import type { IToken } from "chevrotain";
import { sortDiagnostics, type Diagnostic, type Result } from "../diagnostics/diagnostic.ts";
import type { ScenarioFile } from "./ast.ts";
import type * as C from "./cst.d.ts";
import { lexingDiagnostics, parsingDiagnostics, type StartRule } from "./errors.ts";
import { parser } from "./parser.ts";
import { scenarioLexer } from "./tokens.ts";
import { ScenarioVisitor, type ParsedRequest } from "./visitor.ts";

/** The file name diagnostics of `meshc simulate --request "..."` carry (there is no file). */
export const REQUEST_FILE_NAME = "--request";

/**
 * Parse one request as `meshc simulate --request` takes it (docs/requests.md). `value` is undefined when the request has
 * errors; `fileName` is what the diagnostics' spans name.
 *
 * @example
 * parseRequest("GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage header end-user=jason").value
 * // → { method: "GET", scheme: "http", host: "reviews.bookinfo", port: 9080, path: "/reviews/1", query: "",
 * //     headers: { "end-user": "jason" }, source: { kind: "workload", namespace: "bookinfo", name: "productpage" },
 * //     plaintext: false, span: { file: "--request", start: 0, length: 85 } }
 */
export function parseRequest(text: string, fileName: string = REQUEST_FILE_NAME): Result<ParsedRequest | undefined> {
  const { cst, visitor, diagnostics } = run(text, fileName, "requestLine");
  const value = visitor.requestLine((cst as C.RequestLineCstNode).children);
  const all = sortDiagnostics([...diagnostics, ...visitor.diagnostics]);
  return { value: all.some((d) => d.severity === "error") ? undefined : value, diagnostics: all };
}

/**
 * Parse a `.scenarios` file (docs/scenarios.md). Every syntax error is reported; the value holds the scenarios that could
 * be read completely, so a caller may still list them, but must not run any when there are errors.
 */
export function parseScenarios(text: string, fileName: string): Result<ScenarioFile> {
  const { cst, visitor, diagnostics } = run(text, fileName, "scenarioFile");
  const span = { file: fileName, start: 0, length: text.length };
  const value = visitor.scenarioFile((cst as C.ScenarioFileCstNode).children, span);
  return { value, diagnostics: sortDiagnostics([...diagnostics, ...visitor.diagnostics]) };
}

function run(text: string, fileName: string, startRule: StartRule) {
  const lexed = scenarioLexer.tokenize(text);
  const tokens: IToken[] = lexed.tokens;
  parser.input = tokens;
  const cst = startRule === "requestLine" ? parser.requestLine() : parser.scenarioFile();
  const diagnostics: Diagnostic[] = [
    ...lexingDiagnostics(lexed.errors, text, fileName),
    ...parsingDiagnostics(parser.errors, tokens, text, fileName, startRule),
  ];
  return { cst, visitor: new ScenarioVisitor(fileName), diagnostics };
}
