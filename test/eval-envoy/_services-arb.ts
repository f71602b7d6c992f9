/**
 * The differential test's meshes with the Service shapes of issue 13 on top of `_tls-arb.ts`'s: every mesh gets
 * the Service `web` (_web-arb.ts: HTTP, sniffed and TCP ports, most with a VIP); one in two a Sidecar with `ingress`
 * listeners for `web` (_sidecar-ingress-arb.ts) and one in two an ExternalName Service `alias`
 * (_external-name-arb.ts). One request in three goes to them.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { externalNameArb, externalNameRequestArb } from "./_external-name-arb.ts";
import { sidecarIngressArb } from "./_sidecar-ingress-arb.ts";
import type { GeneratedMesh, Svc } from "./_tcp-arb.ts";
import { meshArb as tlsMeshArb, requestArb as tlsRequestArb } from "./_tls-arb.ts";
import { webArb, webRequestArb, type Web } from "./_web-arb.ts";

const WEB = new WeakMap<readonly Svc[], Web>();
const ALIAS = new WeakSet<readonly Svc[]>();

export const meshArb: fc.Arbitrary<GeneratedMesh> = fc
  .tuple(
    tlsMeshArb,
    webArb,
    fc.option(sidecarIngressArb, { nil: undefined, freq: 2 }),
    fc.option(externalNameArb, { nil: undefined, freq: 2 }),
  )
  .map(([m, web, ingress, alias]) => {
    // The same services list: the layers below key their parts on it (_tcp-arb.ts DB/HL, _egress-arb.ts EGRESS, …).
    WEB.set(m.services, web);
    if (alias !== undefined) ALIAS.add(m.services);
    return { yaml: m.yaml + web.yaml + (ingress ?? "") + (alias ?? ""), services: m.services };
  });

/** `_tls-arb.ts`'s requests, and one in three to `web` or `alias`. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> => {
  const web = WEB.get(services);
  if (web === undefined) return tlsRequestArb(services);
  const clients = services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`));
  return fc.oneof(
    { weight: 4, arbitrary: tlsRequestArb(services) },
    { weight: 2, arbitrary: webRequestArb(web, clients) },
    ...(ALIAS.has(services) ? [{ weight: 1, arbitrary: externalNameRequestArb(clients) }] : []),
  );
};
