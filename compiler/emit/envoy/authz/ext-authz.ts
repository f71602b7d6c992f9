// MeshConfig extension providers → ext_authz filter configs for CUSTOM policies
// (istio pilot/pkg/security/authz/builder/extauthz.go `processExtensionProvider`, `buildExtAuthzHTTP`/`GRPC`,
// `generateHTTPConfig`/`generateGRPCConfig`; pilot/pkg/extensionproviders/cluster_lookup.go `LookupCluster`).
import { HeaderValue } from "../gen/envoy/config/core/v3/base.ts";
import { ApiVersion } from "../gen/envoy/config/core/v3/config_source.ts";
import { GrpcService, GrpcService_EnvoyGrpc } from "../gen/envoy/config/core/v3/grpc_service.ts";
import { HttpUri } from "../gen/envoy/config/core/v3/http_uri.ts";
import {
  AuthorizationRequest,
  AuthorizationResponse,
  BufferSettings,
  ExtAuthz as HttpExtAuthz,
  HttpService,
} from "../gen/envoy/extensions/filters/http/ext_authz/v3/ext_authz.ts";
import { ExtAuthz as NetworkExtAuthz } from "../gen/envoy/extensions/filters/network/ext_authz/v3/ext_authz.ts";
import type { MetadataMatcher } from "../gen/envoy/type/matcher/v3/metadata.ts";
import { ListStringMatcher } from "../gen/envoy/type/matcher/v3/string.ts";
import { HttpStatus, StatusCode } from "../gen/envoy/type/v3/http_status.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";
import * as m from "./matchers.ts";
import type { AuthzOptions, ExtAuthzGrpcProvider, ExtAuthzHttpProvider, RequestBody } from "./options.ts";

/** A resolved provider: the HTTP (and for gRPC, network) ext_authz config, or why the provider is unusable. */
export interface BuiltExtAuthz {
  readonly http?: HttpExtAuthz;
  readonly tcp?: NetworkExtAuthz;
  readonly errors: readonly string[];
}

/** `generateFilterMatcherForProvider`: ext_authz runs only when the RBAC shadow rules matched a rule of `provider`. */
export function filterEnabledMetadata(rbacFilter: string, provider: string): MetadataMatcher {
  return m.metadataStringMatcher(
    rbacFilter,
    "istio_ext_authz_shadow_effective_policy_id",
    m.prefixMatcher(`istio-ext-authz-${provider}`),
  );
}

/** `LookupCluster`: `ns/host` must exist in that namespace; a bare host must exist in exactly one. */
function lookupCluster(
  options: AuthzOptions,
  service: string,
  port: number,
): { host: string; cluster: string } | string {
  if (service === "") return "service must not be empty";
  const parts = service.split("/");
  const found = (host: string) => ({ host, cluster: `outbound|${port}||${host}` });
  if (parts.length === 2) {
    if (options.serviceNamespaces(parts[1]!).includes(parts[0]!)) return found(parts[1]!);
  } else {
    const namespaces = options.serviceNamespaces(service);
    if (namespaces.length === 1) return found(service);
    if (namespaces.length > 1)
      return `found ${service} in multiple namespaces ${namespaces.join(",")}, specify the namespace explicitly`;
  }
  return `could not find service ${service}:${port} in Istio service registry`;
}

const parsePort = (port: number | undefined): number | string =>
  port !== undefined && Number.isInteger(port) && port >= 1 && port <= 65535
    ? port
    : `port must be in the range [1, 65535], found: ${port ?? 0}`;

/** `parseStatusOnError`: empty → unset; else a code of Envoy's StatusCode enum. */
function parseStatus(status: string | undefined): HttpStatus | undefined | string {
  if (status === undefined || status === "") return undefined;
  const code = /^[+-]?\d+$/.test(status) ? Number(status) : NaN;
  return StatusCode[code] !== undefined ? HttpStatus.create({ code }) : `unsupported statusOnError ${status}`;
}

/** `timeoutOrDefault`: the provider's timeout, else 600s. */
function timeout(value: string | undefined, errors: string[]): Duration {
  if (value === undefined) return Duration.create({ seconds: "600" });
  try {
    return Duration.fromJson(value);
  } catch {
    errors.push(`invalid timeout ${value}`);
    return Duration.create({ seconds: "600" });
  }
}

/** `generateHeaders`: exact names, `x-*` prefix, `*-x` suffix; always case-insensitive. */
function headers(list: readonly string[] | undefined): ListStringMatcher | undefined {
  if (list === undefined || list.length === 0) return undefined;
  return ListStringMatcher.create({
    patterns: list.map((h) =>
      h.startsWith("*")
        ? m.suffixMatcher(h.slice(1), true)
        : h.endsWith("*")
          ? m.prefixMatcher(h.slice(0, -1), true)
          : m.exactMatcher(h, true),
    ),
  });
}

const withBody = (b: RequestBody | undefined): BufferSettings | undefined =>
  b === undefined
    ? undefined
    : BufferSettings.create({
        maxRequestBytes: b.maxRequestBytes ?? 0,
        allowPartialMessage: b.allowPartialMessage ?? false,
        packAsBytes: b.packAsBytes ?? false,
      });

/** Resolution shared by both provider kinds: port, cluster, status; errors collected as istiod's multierror does. */
function common(options: AuthzOptions, p: ExtAuthzGrpcProvider | ExtAuthzHttpProvider, errors: string[]) {
  const port = parsePort(p.port);
  if (typeof port === "string") errors.push(port);
  const target = lookupCluster(options, p.service ?? "", typeof port === "number" ? port : 0);
  if (typeof target === "string") errors.push(target);
  const status = parseStatus(p.statusOnError);
  if (typeof status === "string") errors.push(status);
  return {
    target: typeof target === "string" ? undefined : target,
    status: typeof status === "string" ? undefined : status,
  };
}

function buildGrpc(options: AuthzOptions, p: ExtAuthzGrpcProvider): BuiltExtAuthz {
  const errors: string[] = [];
  const { target, status } = common(options, p, errors);
  if (errors.length > 0 || target === undefined) return { errors };
  const grpcService = GrpcService.create({
    targetSpecifier: {
      oneofKind: "envoyGrpc",
      envoyGrpc: GrpcService_EnvoyGrpc.create({ clusterName: target.cluster, authority: target.host }),
    },
    timeout: timeout(p.timeout, errors),
  });
  const http = HttpExtAuthz.create({
    statusOnError: status,
    failureModeAllow: p.failOpen ?? false,
    services: { oneofKind: "grpcService", grpcService },
    filterEnabledMetadata: filterEnabledMetadata("envoy.filters.http.rbac", ""),
    transportApiVersion: ApiVersion.V3,
    withRequestBody: withBody(p.includeRequestBodyInCheck),
  });
  const tcp = NetworkExtAuthz.create({
    statPrefix: "tcp.",
    failureModeAllow: p.failOpen ?? false,
    transportApiVersion: ApiVersion.V3,
    grpcService,
    filterEnabledMetadata: filterEnabledMetadata("envoy.filters.network.rbac", ""),
  });
  return { http, tcp, errors };
}

function buildHttp(options: AuthzOptions, p: ExtAuthzHttpProvider): BuiltExtAuthz {
  const errors: string[] = [];
  const { target, status } = common(options, p, errors);
  if (p.pathPrefix !== undefined && p.pathPrefix !== "" && !p.pathPrefix.startsWith("/"))
    errors.push(`pathPrefix must begin with '/', found: ${p.pathPrefix}`);
  const lists = [
    p.includeRequestHeadersInCheck,
    p.includeHeadersInCheck,
    p.headersToDownstreamOnDeny,
    p.headersToDownstreamOnAllow,
    p.headersToUpstreamOnAllow,
  ];
  if (lists.some((l) => l?.includes("*"))) errors.push(`a single wildcard ("*") is not supported`);
  const serverUri =
    target &&
    HttpUri.create({
      uri: `http://${target.host}`,
      httpUpstreamType: { oneofKind: "cluster", cluster: target.cluster },
      timeout: timeout(p.timeout, errors),
    });
  if (errors.length > 0 || serverUri === undefined) return { errors };
  const extra = p.includeAdditionalHeadersInCheck ?? {};
  const headersToAdd = Object.keys(extra)
    .sort()
    .map((key) => HeaderValue.create({ key, value: extra[key] ?? "" }));
  const upstream = p.headersToUpstreamOnAllow ?? [],
    deny = p.headersToDownstreamOnDeny ?? [],
    allow = p.headersToDownstreamOnAllow ?? [];
  const service = HttpService.create({
    serverUri,
    pathPrefix: p.pathPrefix ?? "",
    authorizationRequest: headersToAdd.length > 0 ? AuthorizationRequest.create({ headersToAdd }) : undefined,
    authorizationResponse:
      upstream.length + deny.length + allow.length > 0
        ? AuthorizationResponse.create({
            allowedUpstreamHeaders: headers(upstream),
            allowedClientHeaders: headers(deny),
            allowedClientHeadersOnSuccess: headers(allow),
          })
        : undefined,
  });
  const http = HttpExtAuthz.create({
    statusOnError: status,
    failureModeAllow: p.failOpen ?? false,
    transportApiVersion: ApiVersion.V3,
    services: { oneofKind: "httpService", httpService: service },
    filterEnabledMetadata: filterEnabledMetadata("envoy.filters.http.rbac", ""),
    withRequestBody: withBody(p.includeRequestBodyInCheck),
    allowedHeaders: headers(
      (p.includeRequestHeadersInCheck ?? []).length > 0 ? p.includeRequestHeadersInCheck : p.includeHeadersInCheck,
    ),
  });
  return { http, errors };
}

/** `processExtensionProvider`: every ext_authz provider by name; duplicate or empty names make a provider unusable. */
export function processExtensionProviders(options: AuthzOptions): Map<string, BuiltExtAuthz> {
  const resolved = new Map<string, BuiltExtAuthz>();
  options.extensionProviders.forEach((config, i) => {
    const name = config.name ?? "";
    const errors: string[] = [];
    if (name === "") errors.push(`extension provider name must not be empty, found empty at index: ${i}`);
    else if (resolved.has(name)) errors.push(`extension provider name must be unique, found duplicate: ${name}`);
    let built: BuiltExtAuthz;
    if (config.envoyExtAuthzHttp !== undefined) built = buildHttp(options, config.envoyExtAuthzHttp);
    else if (config.envoyExtAuthzGrpc !== undefined) built = buildGrpc(options, config.envoyExtAuthzGrpc);
    else return;
    resolved.set(name, { ...built, errors: [...errors, ...built.errors] });
  });
  return resolved;
}
