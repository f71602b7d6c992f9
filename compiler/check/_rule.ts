/**
 * The rule API of the check stage: what every validator (`validate/`) and analysis (`analyze/`) is written against.
 * A rule reads typed IR nodes (`VirtualServiceNode`, its `spec: VirtualServiceSpec`, `HTTPRoute`, ...; see
 * `ir/ir.ts` and `ir/istio-api.ts`), never untyped JSON, so renaming an IR field fails type-checking in every rule
 * that reads it. It reports catalog entries only (`diagnostics/messages.ts`), at a field of a resource.
 *
 * Shape after ESLint's `RuleContext.report` and tsc's checker: a rule gets a context, iterates the nodes it cares
 * about, and reports data; `validateMesh`/`analyzeMesh` collect and sort it.
 */
import {
  createDiagnostic,
  createRelated,
  type Diagnostic,
  type DiagnosticMessage,
  type RelatedInformation,
  type RelatedList,
  type RelatedMessage,
  type ResourceRef,
} from "../diagnostics/diagnostic.ts";
import { resourcesOf, type IstioNode, type MeshIR, type ServiceNode, type WorkloadNode } from "../ir/ir.ts";
import { kindName } from "../ir/lower.ts";
import type { StringMatch } from "../ir/istio-api.ts";
import { spanAt, type FieldPath, type Span } from "../diagnostics/span.ts";

/** A value substituted for `{0}`, `{1}`, ... in a catalog message. */
export type MessageArg = string | number;

/** The kinds of Istio resources in the IR (`"virtualService"`, `"destinationRule"`, ...). */
export type IstioKind = IstioNode["kind"];

/** The IR node type of one kind: `NodeOf<"gateway">` is `GatewayNode`. */
export type NodeOf<K extends IstioKind> = Extract<IstioNode, { kind: K }>;

/** Reports a catalog entry at the span of `path` inside one resource (or of its nearest recorded parent). */
export type Report = (
  message: DiagnosticMessage,
  path: FieldPath,
  args?: readonly MessageArg[],
  related?: readonly RelatedInformation[] | RelatedList,
) => void;

/**
 * What a rule sees: the IR, typed iteration over its resources, and reporting by catalog entry. The members are
 * functions, not methods, so a rule may destructure them (`defineRule(({ nodes, at }) => ...)`).
 */
export interface RuleContext {
  readonly ir: MeshIR;
  /** The resources of one kind, in IR order (memoized per IR). */
  readonly nodes: <K extends IstioKind>(kind: K) => readonly NodeOf<K>[];
  /** A reporter bound to `node`: paths are resolved against its field spans. */
  readonly at: (node: IstioNode) => Report;
  /** Reports at an explicit span (registry nodes, which have no field spans), about `resource` when given. */
  readonly report: (
    message: DiagnosticMessage,
    span: Span | undefined,
    args?: readonly MessageArg[],
    related?: readonly RelatedInformation[] | RelatedList,
    resource?: ResourceRef,
  ) => void;
}

/** istioctl analyze's `galley.istio.io/analyze-suppress` annotation (istio/api `annotation.GalleyAnalyzeSuppress`). */
export const SUPPRESS_ANNOTATION = "galley.istio.io/analyze-suppress";

function ref(
  kind: string,
  namespace: string,
  name: string,
  annotations: Readonly<Record<string, string>> | undefined,
): ResourceRef {
  const value = annotations?.[SUPPRESS_ANNOTATION];
  return value === undefined ? { kind, namespace, name } : { kind, namespace, name, suppressAnnotation: value };
}

/**
 * The resource a finding at `node` is about. Config istiod generated from a Gateway API resource is named as that
 * resource (`generatedFrom`, `Kind/namespace/name`), which is what the user wrote and can annotate.
 */
export function resourceOf(node: IstioNode | ServiceNode | WorkloadNode): ResourceRef {
  if (node.kind === "service") return ref("Service", node.namespace, node.name, node.annotations);
  if (node.kind === "workload") return ref(node.source, node.namespace, node.name, node.annotations);
  const source = node.generatedFrom?.[0]?.split("/");
  if (source !== undefined && source.length === 3) return ref(source[0]!, source[1]!, source[2]!, undefined);
  return ref(kindName(node.kind), node.meta.namespace, node.meta.name, node.meta.annotations);
}

/** One check over the whole IR; `validateMesh` and `analyzeMesh` run lists of them. */
export type Rule = (ir: MeshIR) => Diagnostic[];

function contextFor(ir: MeshIR, out: Diagnostic[]): RuleContext {
  return {
    ir,
    nodes: (kind) => resourcesOf(ir, kind),
    at: (node) => {
      const resource = resourceOf(node);
      return (message, path, args = [], related) =>
        out.push({ ...createDiagnostic(message, spanAt(node.spans, path, node.span), args, related), resource });
    },
    report: (message, span, args = [], related, resource) => {
      const d = createDiagnostic(message, span, args, related);
      out.push(resource === undefined ? d : { ...d, resource });
    },
  };
}

/** A rule from a function that reads the context and reports through it. */
export function defineRule(check: (ctx: RuleContext) => void): Rule {
  return (ir) => {
    const out: Diagnostic[] = [];
    check(contextFor(ir, out));
    return out;
  };
}

/** A rule that runs `check` on every resource of `kind`, with a reporter bound to that resource. */
export function forEachNode<K extends IstioKind>(
  kind: K,
  check: (node: NodeOf<K>, report: Report, ctx: RuleContext) => void,
): Rule {
  return defineRule((ctx) => {
    for (const node of ctx.nodes(kind)) check(node, ctx.at(node), ctx);
  });
}

/** A related location at `path` of a resource, with a related message of the reported entry (`Messages.X.related.y`). */
export function relatedAt(
  node: IstioNode,
  path: FieldPath,
  message: RelatedMessage,
  args: readonly MessageArg[] = [],
): RelatedInformation {
  return createRelated(message, spanAt(node.spans, path, node.span), args);
}

/** The fields of a `StringMatch` oneof, each undefined unless it is the one set. */
export function stringMatchParts(match: StringMatch): { exact?: string; prefix?: string; regex?: string } {
  if (typeof match !== "object" || match === null) return {};
  return {
    exact: "exact" in match ? match.exact : undefined,
    prefix: "prefix" in match ? match.prefix : undefined,
    regex: "regex" in match ? match.regex : undefined,
  };
}
