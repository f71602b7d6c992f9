/**
 * DSL values → documents. Declarations are dispatched by their brand, lowered one resource kind per file, then
 * sorted by (kind, namespace, name) so declaration order never shows in the output; service accounts shared by
 * several versions are emitted once.
 */
import {
  dslKindOf,
  isAuthorizationPolicy,
  isExternalService,
  isGateway,
  isGatewayClass,
  isKubeGateway,
  isKubeRoute,
  isMeshConfig,
  isReferenceGrant,
  isNamespace,
  isRaw,
  isPeerAuthentication,
  isRequestAuthentication,
  isService,
  isSidecar,
  isVirtualService,
  isWorkload,
} from "../../../../stdlib/index.ts";
import { relatedText } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import { lowerExternalDestinationRule, lowerServiceDestinationRule } from "./destination-rule.ts";
import { lowerGateway } from "./gateway.ts";
import { lowerGatewayClass, lowerKubeGateway, lowerKubeRoute, lowerReferenceGrant } from "./gateway-api.ts";
import { lowerNamespace, lowerService, lowerWorkload } from "./kubernetes.ts";
import { contextOf, lowerMeshConfig } from "./mesh-config.ts";
import { lowerAuthorizationPolicy, lowerPeerAuthentication, lowerRequestAuthentication } from "./security.ts";
import { lowerServiceEntry } from "./service-entry.ts";
import { lowerRaw } from "./raw.ts";
import { lowerSidecar } from "./sidecar.ts";
import { lowerVirtualService } from "./virtual-service.ts";
import type { LowerContext, LoweredDoc, PendingDiagnostic } from "./_types.ts";
import { notJsonData } from "./_json-data.ts";
import { withSuppressAnnotation } from "./suppress.ts";

export type { LoweredDoc, Origin, FieldOrigin, PendingDiagnostic, LowerContext } from "./_types.ts";

/** The result of lowering: documents in canonical order, and what could not be lowered. */
export interface LoweredMesh {
  readonly documents: readonly LoweredDoc[];
  readonly problems: readonly PendingDiagnostic[];
}

function lowerOne(value: unknown, ctx: LowerContext, problems: PendingDiagnostic[]): LoweredDoc[] {
  if (isNamespace(value)) return lowerNamespace(value);
  if (isService(value)) return [...lowerService(value, problems), ...lowerServiceDestinationRule(value)];
  if (isWorkload(value)) return lowerWorkload(value);
  if (isExternalService(value)) return [...lowerServiceEntry(value), ...lowerExternalDestinationRule(value)];
  if (isGateway(value)) return lowerGateway(value);
  if (isVirtualService(value)) return lowerVirtualService(value, problems);
  if (isKubeGateway(value)) return lowerKubeGateway(value);
  if (isGatewayClass(value)) return lowerGatewayClass(value);
  if (isKubeRoute(value)) return lowerKubeRoute(value, problems);
  if (isReferenceGrant(value)) return lowerReferenceGrant(value, problems);
  if (isPeerAuthentication(value)) return lowerPeerAuthentication(value, ctx);
  if (isRequestAuthentication(value)) return lowerRequestAuthentication(value, ctx);
  if (isAuthorizationPolicy(value)) return lowerAuthorizationPolicy(value, ctx);
  if (isMeshConfig(value)) return lowerMeshConfig(value, ctx);
  if (isSidecar(value)) return lowerSidecar(value, ctx);
  if (isRaw(value)) return lowerRaw(value);
  const site = (value as { site?: LoweredDoc["origin"]["site"] } | null)?.site;
  problems.push({
    message: Messages.Unknown_DSL_value_kind_0,
    args: [String(dslKindOf(value))],
    origin: { site, argPath: [] },
  });
  return [];
}

/**
 * `lowerOne`, for values that escaped the type system (`as any`): an exception while lowering, or a document that is
 * not JSON data (BigInt, a cycle, a class instance), becomes an error at the declaration instead of a crash.
 */
function lowerChecked(value: unknown, ctx: LowerContext, problems: PendingDiagnostic[]): LoweredDoc[] {
  let site: LoweredDoc["origin"]["site"];
  let call = "a declaration";
  try {
    site = (value as { site?: LoweredDoc["origin"]["site"] } | null)?.site;
    call = String(dslKindOf(value));
    const docs = withSuppressAnnotation(value, lowerOne(value, ctx, problems));
    for (const doc of docs) {
      const bad = notJsonData(doc.object);
      if (bad === undefined) continue;
      problems.push({
        message: Messages.Value_at_0_is_not_JSON_data_Colon_found_1,
        args: [`${String(doc.object["kind"])} ${bad.path.join(".")}`, bad.found],
        origin: { site, argPath: [] },
      });
      return [];
    }
    return docs;
  } catch (e) {
    const reason = e instanceof RangeError ? "a value is cyclic or nested too deeply" : safeMessage(e);
    problems.push({
      message: Messages.Value_given_to_0_is_not_of_its_declared_type_Colon_1,
      args: [call, reason],
      origin: { site, argPath: [] },
    });
    return [];
  }
}

function safeMessage(e: unknown): string {
  try {
    return e instanceof Error ? e.message : Object.prototype.toString.call(e);
  } catch {
    return "an exception";
  }
}

/**
 * The sort key of a lowered document. Type-escaped values (`as any`) reach here unchecked, so only strings count:
 * interpolating an object without a usable `toString` (a prototype-less one, `{ toString: 1 }`) throws.
 */
function keyOf(doc: LoweredDoc): string {
  const m = doc.object["metadata"];
  const meta = typeof m === "object" && m !== null ? (m as Record<string, unknown>) : {};
  return [doc.object["kind"], meta["namespace"], meta["name"]]
    .map((v) => (typeof v === "string" ? v : ""))
    .join("\u0000");
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lower every collected declaration (in any order) to documents. */
export function lowerDsl(declarations: readonly unknown[]): LoweredMesh {
  const problems: PendingDiagnostic[] = [];
  const meshConfigs = declarations.filter(isMeshConfig);
  for (const extra of meshConfigs.slice(1)) {
    const first = {
      message: relatedText(Messages.Mesh_settings_are_declared_more_than_once.related.first),
      origin: { site: meshConfigs[0]?.site, argPath: [] },
    };
    problems.push({
      message: Messages.Mesh_settings_are_declared_more_than_once,
      args: [],
      origin: { site: extra.site, argPath: [] },
      related: [first],
    });
  }
  if (declarations.length === 0)
    problems.push({ message: Messages.The_mesh_declares_nothing, args: [], origin: { site: undefined, argPath: [] } });
  const ctx = contextOf(meshConfigs[0]);
  const docs = declarations.flatMap((d) => lowerChecked(d, ctx, problems));
  const seen = new Set<string>();
  const unique = docs.filter((d) => {
    if (d.object["kind"] !== "ServiceAccount") return true;
    const key = keyOf(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const documents = unique
    .map((doc, i) => ({ doc, key: keyOf(doc), i }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i)
    .map((e) => e.doc);
  return { documents, problems };
}
