// Envoy RBAC Permission / Principal constructors (istio pilot/pkg/security/authz/model/permission.go, principal.go).
import { CidrRange } from "../gen/envoy/config/core/v3/address.ts";
import { TypedExtensionConfig } from "../gen/envoy/config/core/v3/extension.ts";
import {
  Permission,
  Permission_Set,
  Principal,
  Principal_Authenticated,
  Principal_Set,
} from "../gen/envoy/config/rbac/v3/rbac.ts";
import type { HeaderMatcher } from "../gen/envoy/config/route/v3/route_components.ts";
import { UriTemplateMatchConfig } from "../gen/envoy/extensions/path/match/uri_template/v3/uri_template_match.ts";
import type { MetadataMatcher } from "../gen/envoy/type/matcher/v3/metadata.ts";
import type { PathMatcher } from "../gen/envoy/type/matcher/v3/path.ts";
import type { StringMatcher } from "../gen/envoy/type/matcher/v3/string.ts";
import { packAny } from "../registry.ts";

type PermissionRule = Permission["rule"];
type PrincipalId = Principal["identifier"];
const perm = (rule: PermissionRule): Permission => Permission.create({ rule });
const prin = (identifier: PrincipalId): Principal => Principal.create({ identifier });

export const permissionAny = (): Permission => perm({ oneofKind: "any", any: true });
export const permissionAnd = (rules: Permission[]): Permission =>
  perm({ oneofKind: "andRules", andRules: Permission_Set.create({ rules }) });
export const permissionOr = (rules: Permission[]): Permission =>
  perm({ oneofKind: "orRules", orRules: Permission_Set.create({ rules }) });
export const permissionNot = (notRule: Permission): Permission => perm({ oneofKind: "notRule", notRule });
export const permissionHeader = (header: HeaderMatcher): Permission => perm({ oneofKind: "header", header });
export const permissionPath = (urlPath: PathMatcher): Permission => perm({ oneofKind: "urlPath", urlPath });
export const permissionDestinationIp = (destinationIp: CidrRange): Permission =>
  perm({ oneofKind: "destinationIp", destinationIp });
export const permissionDestinationPort = (destinationPort: number): Permission =>
  perm({ oneofKind: "destinationPort", destinationPort });
export const permissionRequestedServerName = (m: StringMatcher): Permission =>
  perm({ oneofKind: "requestedServerName", requestedServerName: m });
export const permissionMetadata = (metadata: MetadataMatcher): Permission => perm({ oneofKind: "metadata", metadata });
/** `permissionPathTemplate`: the `envoy.path.match.uri_template` extension, named `uri-template`. */
export const permissionPathTemplate = (config: UriTemplateMatchConfig): Permission =>
  perm({
    oneofKind: "uriTemplate",
    uriTemplate: TypedExtensionConfig.create({
      name: "uri-template",
      typedConfig: packAny(UriTemplateMatchConfig, config),
    }),
  });

export const principalAny = (): Principal => prin({ oneofKind: "any", any: true });
export const principalAnd = (ids: Principal[]): Principal =>
  prin({ oneofKind: "andIds", andIds: Principal_Set.create({ ids }) });
export const principalOr = (ids: Principal[]): Principal =>
  prin({ oneofKind: "orIds", orIds: Principal_Set.create({ ids }) });
export const principalNot = (notId: Principal): Principal => prin({ oneofKind: "notId", notId });
export const principalDirectRemoteIp = (directRemoteIp: CidrRange): Principal =>
  prin({ oneofKind: "directRemoteIp", directRemoteIp });
export const principalRemoteIp = (remoteIp: CidrRange): Principal => prin({ oneofKind: "remoteIp", remoteIp });
export const principalHeader = (header: HeaderMatcher): Principal => prin({ oneofKind: "header", header });
export const principalMetadata = (metadata: MetadataMatcher): Principal => prin({ oneofKind: "metadata", metadata });
/**
 * `principalAuthenticated` with `useAuthenticated` (sidecars): the peer certificate's URI SAN must match
 * (`authenticated.principal_name`). Waypoints use the `io.istio.peer_principal` filter state instead; meshc emits
 * sidecar configuration only.
 */
export const principalAuthenticated = (principalName: StringMatcher): Principal =>
  prin({ oneofKind: "authenticated", authenticated: Principal_Authenticated.create({ principalName }) });
