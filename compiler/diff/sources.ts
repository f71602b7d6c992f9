/**
 * Sources that no configuration of either version can tell apart, for one destination, are one source class: the
 * Istio engine reads a client only through its proxy (sidecar or not, `plaintext`), its namespace (short names,
 * exportTo, `sourceNamespace`, the DestinationRule lookup of destinationRuleFor), its Sidecar (the outbound traffic
 * policy, and the egress hosts it imports: ir/sidecar-egress.ts, istiod's sidecar.go `ConvertToSidecarScope`), its labels (`sourceLabels`, workload-selecting DestinationRules), its identity (AuthorizationPolicy
 * principals, namespaces, service accounts, trust domains) and its address (ipBlocks). Two sources with the same
 * answers to every such predicate of both versions that can apply to the destination get the same decisions, so one
 * representative per class is evaluated (a generated mesh's thousands of workloads fall into a handful of classes).
 */
import { hostMatches } from "../ir/hosts.ts";
import {
  resourcesOf,
  workloadById,
  type AuthorizationPolicyNode,
  type DestinationRuleNode,
  type MeshIR,
  type ServiceEntryNode,
  type VirtualServiceNode,
} from "../ir/ir.ts";
import type { Labels } from "../ir/istio-api.ts";
import { egressHostsOf } from "../ir/sidecar-egress.ts";
import { sidecarOf } from "../ir/sidecar-of.ts";
import { visibleFrom } from "../ir/visibility.ts";
import {
  namespaceMatches,
  principalMatches,
  serviceAccountMatches,
  trustDomainMatches,
} from "../eval/istio/authz-values.ts";
import type { RequestSource } from "../eval/index.ts";

/** Who sends: a workload (with or without its sidecar), `outside`, or an ingress gateway. */
export interface SourceValue {
  readonly label: string;
  readonly source: RequestSource;
  readonly plaintext: boolean;
}

/** What this file needs of a destination: its host. */
interface Destination {
  readonly fqdn: string;
}

/** What one version's configuration for a destination can ask about a source. */
export interface SourceQuestions {
  readonly ir: MeshIR;
  readonly vss: readonly VirtualServiceNode[];
  readonly policies: readonly AuthorizationPolicyNode[];
}

type IdentityTest = (principal: string) => boolean;

/** The identity predicates of the policies: `from.source` fields and `source.*` conditions. */
function identityTests(ir: MeshIR, policies: readonly AuthorizationPolicyNode[]): IdentityTest[] {
  const bundle = [ir.meshConfig.trustDomain, ...ir.meshConfig.trustDomainAliases];
  const tests: IdentityTest[] = [];
  for (const p of policies) {
    const ns = p.meta.namespace;
    const add = (field: string, values: readonly string[] | undefined) => {
      for (const v of values ?? []) {
        if (field === "principals") tests.push((x) => principalMatches(v, x, bundle));
        else if (field === "namespaces") tests.push((x) => namespaceMatches(v, x));
        else if (field === "serviceAccounts") tests.push((x) => serviceAccountMatches(v, x, ns));
        else if (field === "trustDomains") tests.push((x) => trustDomainMatches(v, x));
      }
    };
    for (const rule of p.spec.rules ?? []) {
      for (const f of rule.from ?? []) {
        const s = f.source ?? {};
        add("principals", [...(s.principals ?? []), ...(s.notPrincipals ?? [])]);
        add("namespaces", [...(s.namespaces ?? []), ...(s.notNamespaces ?? [])]);
        add("serviceAccounts", [...(s.serviceAccounts ?? []), ...(s.notServiceAccounts ?? [])]);
        add("trustDomains", s.trustDomains);
      }
      for (const c of rule.when ?? []) {
        const values = [...(c.values ?? []), ...(c.notValues ?? [])];
        if (c.key === "source.principal") add("principals", values);
        else if (c.key === "source.namespace") add("namespaces", values);
        else if (c.key === "source.serviceAccount") add("serviceAccounts", values);
      }
    }
  }
  return tests;
}

const labelsMatch = (selector: Labels | undefined, labels: Labels) =>
  selector === undefined || Object.entries(selector).every(([k, v]) => labels[k] === v);

interface Questionnaire {
  readonly ir: MeshIR;
  readonly vss: readonly {
    readonly exportTo: VirtualServiceNode["exportTo"];
    readonly matches: readonly SourceMatch[];
  }[];
  readonly drs: readonly DestinationRuleNode[];
  /** ServiceEntries visible from some namespaces only (a public one answers the same for every source). */
  readonly entries: readonly ServiceEntryNode[];
  readonly identity: readonly IdentityTest[];
}
type SourceMatch = { readonly sourceLabels?: Labels; readonly sourceNamespace?: string };

/** The questions one version's configuration for a destination asks of its sources, gathered once. */
function questionnaire(q: SourceQuestions, d: Destination): Questionnaire {
  const { ir } = q;
  // DestinationRules of the destination's hosts and its routes' hosts (destination-rules.ts `lookup`).
  const hosts = [d.fqdn, ...q.vss.flatMap((vs) => vs.destinations.map((x) => x.host as string))];
  return {
    ir,
    vss: q.vss.map((vs) => ({
      exportTo: vs.exportTo,
      matches: [
        ...(vs.spec.http ?? []).flatMap((r) => r.match ?? []),
        ...(vs.spec.tcp ?? []).flatMap((r) => r.match ?? []),
        ...(vs.spec.tls ?? []).flatMap((r) => r.match ?? []),
      ],
    })),
    drs: resourcesOf(ir, "destinationRule").filter((dr) =>
      hosts.some((h) => hostMatches(dr.host, h) || hostMatches(h, dr.host)),
    ),
    entries: resourcesOf(ir, "serviceEntry").filter((e) => e.exportTo.kind !== "public"),
    identity: identityTests(ir, q.policies),
  };
}

/** Every answer one version gives about a source, as a string (equal strings: indistinguishable sources). */
function answers(q: Questionnaire, d: Destination, s: SourceValue): string {
  const { ir } = q;
  if (s.source.kind !== "workload") return JSON.stringify(s);
  const w = workloadById(ir, `${s.source.namespace}/${s.source.name}`);
  if (w === undefined) return "absent";
  const ns = w.namespace;
  const bits: (boolean | string | undefined)[] = [
    w.sidecar,
    s.plaintext,
    w.addresses.join(","),
    sidecarOf(ir, w)?.spec.outboundTrafficPolicy?.mode ?? ir.meshConfig.outboundTrafficPolicy,
    // What its Sidecar imports decides whether the destination and its routes' hosts are in its registry at all (a
    // service not imported is reached as a host outside the registry: eval/istio/_egress.ts). Clients importing the
    // same hosts answer alike; comparing the whole list keeps apart more clients than needed, never fewer.
    JSON.stringify(egressHostsOf(ir, w) ?? null),
    // Short names resolve in the client's namespace.
    d.fqdn.split(".")[1] === ns,
  ];
  for (const vs of q.vss) {
    bits.push(visibleFrom(vs.exportTo, ns));
    for (const m of vs.matches) bits.push(labelsMatch(m.sourceLabels, w.labels), (m.sourceNamespace ?? ns) === ns);
  }
  for (const dr of q.drs)
    bits.push(visibleFrom(dr.exportTo, ns), dr.meta.namespace === ns, dr.selectedWorkloads?.includes(w.id));
  for (const e of q.entries) bits.push(visibleFrom(e.exportTo, ns));
  const principal = `${ir.meshConfig.trustDomain}/ns/${ns}/sa/${w.serviceAccount}`;
  for (const t of q.identity) bits.push(t(principal));
  return bits.map((b) => (b === undefined ? "-" : String(b))).join("|");
}

/** The sources of a destination in classes; each class's first source represents it. */
export function sourceClasses(
  d: Destination,
  sources: readonly SourceValue[],
  versions: readonly SourceQuestions[],
): SourceValue[][] {
  const questions = versions.map((q) => questionnaire(q, d));
  const classes = new Map<string, SourceValue[]>();
  for (const s of sources) {
    const key = questions.map((q) => answers(q, d, s)).join("\n");
    const c = classes.get(key);
    if (c === undefined) classes.set(key, [s]);
    else c.push(s);
  }
  return [...classes.values()];
}
