/**
 * Istio behaviours meshc does not model yet, each recognised from a case's input (never from its name or file), so
 * that a check which fails because of one is reported as a visible skip naming the missing feature, on any table that
 * exercises it, while a check that passes always counts as a pass. A failing check no gap explains is a failure.
 * Remove an entry when the behaviour is modelled (issue 13).
 */
import yaml from "js-yaml";
import type { SimCase, SimCheck } from "./cases.ts";
import type { Json as Doc } from "./xdstest.ts";

export interface Gap {
  /** The Istio behaviour, with the Go source that implements it. */
  readonly feature: string;
  readonly applies: (docs: readonly Doc[], c: SimCase, check: SimCheck) => boolean;
}

type Raw = { readonly [key: string]: unknown };
const rec = (v: unknown): Raw => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** A Gateway server that terminates TLS on a TLS port (SIMPLE, MUTUAL, OPTIONAL_MUTUAL). */
const terminatesTls = (docs: readonly Doc[]): boolean =>
  docs.some(
    (d) =>
      d["kind"] === "Gateway" &&
      arr(rec(d["spec"])["servers"]).some((srv) => {
        const server = rec(srv);
        const mode = rec(server["tls"])["mode"];
        return (
          rec(server["port"])["protocol"] === "TLS" && ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"].includes(String(mode))
        );
      }),
  );

/** A VirtualService with tls routes that istiod's Gateway API conversion made from a TLSRoute. */
const tlsRouteVirtualService = (docs: readonly Doc[]): boolean =>
  docs.some(
    (d) =>
      d["kind"] === "VirtualService" &&
      `${(rec(rec(d["metadata"])["annotations"])["internal.istio.io/parents"] as string | undefined) ?? ""}`.includes(
        "TLSRoute/",
      ) &&
      arr(rec(d["spec"])["tls"]).length > 0,
  );

/** Behaviours the shared cases exercise that meshc does not model; held-out tables may exercise others. */
export const GAPS: readonly Gap[] = [
  {
    feature:
      "tls routes of a TLSRoute's VirtualService (internal.istio.io/parents: TLSRoute/...) on a TLS-terminating Gateway server: istiod's TLSRoute termination; the Istio sources meshc follows build such a server's chain from tcp routes only (gateway.go createGatewayTCPFilterChainOpts, buildGatewayNetworkFiltersFromTCPRoutes)",
    applies: (docs, _c, check) => check.kind === "call" && terminatesTls(docs) && tlsRouteVirtualService(docs),
  },
];

/** The first gap that the case's input exhibits for this check, if any. */
export function gapFor(c: SimCase, check: SimCheck): string | undefined {
  const docs = yaml.loadAll(c.config).filter((d): d is Doc => d !== null && typeof d === "object");
  return GAPS.find((g) => g.applies(docs, c, check))?.feature;
}
