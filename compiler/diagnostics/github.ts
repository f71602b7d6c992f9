/**
 * GitHub Actions workflow commands, one per diagnostic: `::error file=f,line=1,col=2,endLine=1,endColumn=9,title=MESH2001::message`
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message).
 * GitHub shows them as annotations on the pull request's changed lines. Values are escaped as the runner's
 * `toCommandValue`/`toCommandProperties` do (@actions/core `command.ts`).
 */
import type { Diagnostic } from "./diagnostic.ts";
import { codeOf, positionOf, type SourceTexts } from "./render.ts";

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

/**
 * One workflow command per diagnostic, hint included in the message.
 *
 * @example renderGithub([subsetError], sources) →
 *   "::error file=mesh.yaml,line=12,col=5,endLine=12,endColumn=9,title=MESH2001::Subset 'v4' is not declared for service 'reviews'.%0A<hint>\n"
 */
export function renderGithub(diagnostics: readonly Diagnostic[], sources: SourceTexts): string {
  return diagnostics
    .map((d) => {
      const props: [string, string | number][] = [];
      if (d.span) {
        const p = positionOf(d.span, sources);
        props.push(
          ["file", p.file],
          ["line", p.line],
          ["col", p.column],
          ["endLine", p.endLine],
          ["endColumn", p.endColumn],
        );
      }
      props.push(["title", codeOf(d)]);
      const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
      return `::${COMMAND[d.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",")}::${escapeData(text)}\n`;
    })
    .join("");
}
