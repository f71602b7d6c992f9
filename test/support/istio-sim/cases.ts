/**
 * Reads the transcribed Istio simulation tables (../shared/conformance/istio-simulation-cases/*.yaml; each file's
 * header says what it checks) into one shape: per case, its config YAML, the proxy it builds for, and its checks.
 * The layouts, as the headers describe them:
 * - `cases[]` with `config: [names]` into a `configs` map (or inline `configs: [yaml]`, plus a file-level
 *   `knownServices`), and `calls[]` of `{ call, result }` (traffic.go `Expect`);
 * - `rows[]` with one result per column `<M>`: the config is every unparameterised entry of `configs` plus `<name>(<M>)`;
 * - route checks (`routeName`, `expected_virtualservice`, xdstest.ExtractVirtualHosts), each case also run as the
 *   Go test's `httproute` variant (httproute-variant.ts; `expected_httproute`, else the same expectation), inbound cluster checks
 *   (`clusters`, `telemetry`, `clusterPrefix`) and listener shape checks (`listenerChecks`);
 * - `requires` (on a case or a call) names a feature flag or input user config cannot express; `skipped[]` lists Go
 *   cases the transcription could not turn into checks. Both become visible skips, except a `requires` of istiod
 *   feature flags meshc models that the case's `flags` set (they reach `compile` as meshc.config.json would) and one
 *   of VirtualServices with istiod's internal annotations (built as the Go test does, without validation): `unmet`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { istiodFeatures } from "../../../compiler/ir/istiod-features.ts";
import { httpRouteVariant } from "./httproute-variant.ts";
import type { Call, Expected } from "./traffic.ts";

export interface SimProxy {
  readonly type: "sidecar" | "router";
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
}

export type SimCheck =
  | {
      readonly kind: "call";
      readonly name: string;
      readonly call: Call;
      readonly want: Expected;
      readonly requires?: string;
    }
  | {
      readonly kind: "routes";
      readonly name: string;
      readonly routeName: string;
      /** Domain → sorted clusters; null: the domain is absent or has no cluster routes. Null map: no route config needed. */
      readonly expected: Readonly<Record<string, readonly string[] | null>> | null;
      readonly requires?: string;
    }
  | {
      readonly kind: "clusters";
      readonly name: string;
      readonly prefix: string;
      readonly clusters: Readonly<Record<string, readonly string[] | null>>;
      readonly telemetry: Readonly<Record<string, readonly string[]>>;
    }
  | { readonly kind: "listener"; readonly name: string; readonly check: ListenerCheck };

export interface ListenerCheck {
  readonly listenersOnPort?: number;
  readonly count?: number;
  readonly atLeast?: number;
  readonly listener?: string;
  readonly filterChainMatcher?: boolean;
  readonly prefixRangeChains?: number;
  readonly prefixLen?: number;
  readonly defaultFilterChain?: boolean;
}

export interface SimCase {
  readonly file: string;
  readonly name: string;
  readonly config: string;
  readonly proxy: SimProxy;
  readonly checks: readonly SimCheck[];
  /** Why the whole case cannot run (a flag or an input user config cannot express), from the file. */
  readonly requires?: string;
  /** The Go test itself skips this case (`t.Skipf`), with its message. */
  readonly goSkip?: string;
  /** The table's input cannot be turned into this case (the harness says why): a failure, not a skip. */
  readonly error?: string;
  /** istiod's feature flags for the case (file-level `flags`, then the case's), as `NAME: value`. */
  readonly flags: Readonly<Record<string, unknown>>;
}

export interface SimFile {
  readonly file: string;
  readonly cases: readonly SimCase[];
  /** Go cases the transcription left out, with the file's reason. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

type Raw = { readonly [key: string]: unknown };
const rec = (v: unknown): Raw => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** ConfigGenTest.SetupProxy's defaults: a sidecar in `default` at 1.1.1.1. */
function proxyOf(fileProxy: Raw, caseProxy: Raw, namespace?: string): SimProxy {
  const p = { ...fileProxy, ...caseProxy };
  return {
    type: p["type"] === "router" ? "router" : "sidecar",
    namespace: namespace ?? str(p["configNamespace"]) ?? "default",
    labels: Object.fromEntries(Object.entries(rec(p["labels"])).map(([k, v]) => [k, String(v)])),
    ip: str(arr(p["ipAddresses"])[0]) ?? "1.1.1.1",
  };
}

const joinYaml = (docs: readonly string[]) => docs.map((d) => `---\n${d}\n`).join("");

/**
 * What is still missing of a check's `requires`, given what the harness passes the public way: a requirement that is
 * only istiod feature flags (`feature flag NAME=VALUE ...`, test.SetForTest in Go) is met when the case sets each
 * named flag to that value in `flags` and meshc models it (it then reaches `compile` as meshc.config.json
 * `istiod.env` would); proxy metadata (`proxy.metadata`, e.g. DNSCapture) the harness cannot give, so a case that
 * has any keeps its requirement. Anything else (annotations user config cannot carry, ...) stays unmet.
 */
function unmet(
  requires: string | undefined,
  flags: Readonly<Record<string, unknown>>,
  metadata: Raw,
): string | undefined {
  if (requires === undefined) return undefined;
  // VirtualServices with istiod's internal annotations, which the Go test gives as config.Config (no validation): the
  // harness gives them as YAML and, where meshc's checks refuse them as Istio's webhook would, builds the IR without
  // the checks (proxy-xds.ts `rejectedBy`), so the requirement is met; what the annotations change is meshc's to model.
  if (/internal annotations|annotation internal\.istio\.io\//.test(requires)) return undefined;
  const m = /^feature flags? ((?:[A-Z][A-Z0-9_]*=\S+(?:,? (?:and )?)?)+)/.exec(requires);
  if (m === null || Object.keys(metadata).length > 0) return requires;
  const wanted = [...m[1]!.matchAll(/([A-Z][A-Z0-9_]*)=([^\s,]+)/g)].map(([, name, value]) => ({ name: name!, value }));
  const modelled = istiodFeatures(Object.entries(flags).map(([name, value]) => ({ name, value })));
  const given = (name: string, value: string | undefined) => name in flags && String(flags[name]) === value;
  return modelled.diagnostics.length === 0 && wanted.every((w) => given(w.name, w.value)) ? undefined : requires;
}

function callChecks(raw: Raw, flags: Readonly<Record<string, unknown>>, metadata: Raw): SimCheck[] {
  return arr(raw["calls"]).map((c) => {
    const call = rec(c);
    const requires = unmet(str(call["requires"]), flags, metadata);
    const result = rec(call["result"]);
    return {
      kind: "call" as const,
      name: str(call["name"]) ?? "call",
      call: rec(call["call"]) as unknown as Call,
      want: result,
      ...(requires === undefined ? {} : { requires }),
    };
  });
}

function clusterChecks(raw: Raw, file: Raw): SimCheck[] {
  if (raw["clusters"] === undefined) return [];
  return [
    {
      kind: "clusters",
      name: "inbound clusters",
      prefix: str(file["clusterPrefix"]) ?? "",
      clusters: rec(raw["clusters"]) as Record<string, string[] | null>,
      telemetry: rec(raw["telemetry"]) as Record<string, string[]>,
    },
  ];
}

/** The `expected_*` map as a check's expectation: a null map means the route config may be absent. */
const expectation = (v: unknown) => (v === null ? null : (rec(v) as Record<string, string[] | null>));

/** TestSidecarRoutes' `virtualservice` variant: `expected_virtualservice` on the configs as the table renders them. */
function routeChecks(raw: Raw): SimCheck[] {
  if (raw["routeName"] === undefined) return [];
  const routeName = `${raw["routeName"] as string | number}`;
  return [
    {
      kind: "routes",
      name: `route ${routeName} (VirtualService variant)`,
      routeName,
      expected: expectation(raw["expected_virtualservice"]),
    },
  ];
}

/**
 * TestSidecarRoutes' `httproute` variant of a route case (httproute-variant.ts renders its configs): the Go test
 * checks `expectedGateway` when set, else `expected` (`if variant == "httproute" && tt.expectedGateway != nil`).
 */
function httpRouteCase(base: SimCase, raw: Raw, configs: readonly string[], known: string | undefined): SimCase {
  const routeName = `${raw["routeName"] as string | number}`;
  const gateway = raw["expected_httproute"];
  const variant = httpRouteVariant(configs);
  return {
    ...base,
    config: joinYaml([...(known === undefined ? [] : [known]), ...variant.configs]),
    checks: [
      {
        kind: "routes",
        name: `route ${routeName} (Gateway API HTTPRoute variant)`,
        routeName,
        expected: expectation(gateway === undefined || gateway === null ? raw["expected_virtualservice"] : gateway),
      },
    ],
    ...(variant.skip === undefined ? {} : { goSkip: variant.skip }),
    ...(variant.error === undefined ? {} : { error: variant.error }),
  };
}

function listenerChecks(raw: Raw): SimCheck[] {
  return arr(raw["listenerChecks"]).map((c) => ({
    kind: "listener" as const,
    name: str(rec(c)["name"]) ?? "listener",
    check: rec(c),
  }));
}

/** The `cases[]` layout. */
function casesOf(file: string, doc: Raw): SimCase[] {
  const configs = rec(doc["configs"]);
  const known = str(doc["knownServices"]);
  return arr(doc["cases"]).flatMap((c) => {
    const raw = rec(c);
    const named = arr(raw["config"]).map((n) => {
      const text = str(configs[String(n)]);
      if (text === undefined) throw new Error(`${file}: case ${String(raw["name"])} names unknown config ${String(n)}`);
      return text;
    });
    const inline = arr(raw["configs"]).map((t) => String(t));
    const flags = { ...rec(doc["flags"]), ...rec(raw["flags"]) };
    const metadata = { ...rec(rec(doc["proxy"])["metadata"]), ...rec(rec(raw["proxy"])["metadata"]) };
    const requires = unmet(str(raw["requires"]), flags, metadata);
    const base: SimCase = {
      file,
      name: String(raw["name"]),
      config: joinYaml([...(known === undefined ? [] : [known]), ...named, ...inline]),
      proxy: proxyOf(rec(doc["proxy"]), rec(raw["proxy"]), str(raw["proxyConfigNamespace"])),
      checks: [
        ...clusterChecks(raw, doc),
        ...callChecks(raw, flags, metadata),
        ...routeChecks(raw),
        ...listenerChecks(raw),
      ],
      flags,
      ...(requires === undefined ? {} : { requires }),
    };
    // TestSidecarRoutes runs each case in both variants (`for _, variant := range []string{"httproute", "virtualservice"}`).
    const variants = "expected_virtualservice" in raw || "expected_httproute" in raw;
    return variants ? [base, httpRouteCase(base, raw, [...named, ...inline], known)] : [base];
  });
}

/** The `rows[]` layout: one case per column. */
function rowsOf(file: string, doc: Raw): SimCase[] {
  const configs = rec(doc["configs"]);
  const rows = arr(doc["rows"]).map(rec);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== "name" && k !== "call")))];
  const base = Object.entries(configs).filter(([k]) => !k.includes("("));
  return columns.map((column) => {
    const param = Object.entries(configs).find(([k]) => k.endsWith(`(${column})`));
    return {
      file,
      name: column,
      config: joinYaml([...base.map(([, v]) => String(v)), ...(param === undefined ? [] : [String(param[1])])]),
      proxy: proxyOf(rec(doc["proxy"]), {}),
      flags: rec(doc["flags"]),
      checks: rows
        .filter((r) => r[column] !== undefined)
        .map((r) => ({
          kind: "call" as const,
          name: String(r["name"]),
          call: rec(r["call"]) as unknown as Call,
          want: rec(r[column]),
        })),
    };
  });
}

/** Every file of the folder, in name order. */
export function loadSimulationFiles(dir: string): SimFile[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const doc = rec(yaml.load(readFileSync(join(dir, file), "utf8")));
      const cases = doc["rows"] !== undefined ? rowsOf(file, doc) : casesOf(file, doc);
      const skipped = arr(doc["skipped"]).map((s) => ({
        name: String(rec(s)["name"]),
        reason: String((rec(s)["reason"] as string | undefined) ?? ""),
      }));
      return { file, cases, skipped };
    });
}
