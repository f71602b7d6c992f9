/**
 * The one place YAML is written. Options, and why:
 * - `lineWidth: -1`: never fold long strings (regexes, principals), so diffs stay line-per-field;
 * - `noRefs: true`: never emit anchors/aliases for shared sub-objects; Kubernetes tooling and reviewers expect
 *   plain trees;
 * - `sortKeys: false`: key order is decided by the emitter (`apiVersion, kind, metadata, spec`, then sorted maps),
 *   not here.
 * js-yaml quotes strings that YAML 1.1 readers (Kubernetes' sigs.k8s.io/yaml) would take as booleans or numbers
 * (`'on'`, `'yes'`, `'9080'`), so values survive `kubectl apply` unchanged.
 */
import { dump } from "js-yaml";

const OPTIONS = { lineWidth: -1, noRefs: true, sortKeys: false } as const;

/** A multi-document YAML stream with a leading comment header. */
export function toYamlStream(objects: readonly object[], header: string): string {
  const docs = objects.map((o) => dump(o, OPTIONS));
  return `${header}\n${docs.map((d) => `---\n${d}`).join("")}`;
}
