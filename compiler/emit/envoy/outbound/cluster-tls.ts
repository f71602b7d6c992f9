// Upstream TLS of an outbound cluster: DestinationRule `tls` and auto mTLS, istio
// pilot/pkg/networking/core/cluster_tls.go (`buildUpstreamTLSSettings`, `applyUpstreamTLSSettings`,
// `buildUpstreamClusterTLSContext`, `constructUpstreamTLS`).
import type { ClientTLSSettings } from "../../../ir/istio-api.ts";
import {
  Cluster,
  Cluster_DiscoveryType,
  Cluster_TransportSocketMatch,
} from "../gen/envoy/config/cluster/v3/cluster.ts";
import { TransportSocket } from "../gen/envoy/config/core/v3/base.ts";
import { RawBuffer } from "../gen/envoy/extensions/transport_sockets/raw_buffer/v3/raw_buffer.ts";
import {
  CertificateValidationContext,
  TlsParameters,
  TlsParameters_TlsProtocol,
} from "../gen/envoy/extensions/transport_sockets/tls/v3/common.ts";
import { CommonTlsContext, UpstreamTlsContext } from "../gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { packAny } from "../registry.ts";
import { adsSecretConfig, sdsSecretConfig, toStruct } from "../proto.ts";
import { stringMatcher } from "./route-match.ts";

export interface TlsInputs {
  readonly tls: ClientTLSSettings | undefined;
  /** SPIFFE URIs of the service's identities (ISTIO_MUTUAL SANs when the DR gives none). */
  readonly serviceAccounts: readonly string[];
  /** `outbound_.<port>_.<subset>_.<host>` (model.BuildDNSSrvSubsetKey). */
  readonly sni: string;
  readonly autoMtls: boolean;
  readonly meshExternal: boolean;
  /** The mode auto mTLS infers for the service (namespace/mesh PeerAuthentication); DISABLE turns it off. */
  readonly serviceMtlsDisabled: boolean;
  readonly http2: boolean;
  /** The DR has a workloadSelector (credentialName is only honoured on sidecars then). */
  readonly drWithSelector: boolean;
  /** A gateway proxy (`model.Router`): credentialName is always honoured. */
  readonly router: boolean;
  /**
   * A headless Kubernetes Service: on its ORIGINAL_DST cluster auto mTLS is a plain `transport_socket` (cluster_tls.go
   * `applyUpstreamTLSSettings` converts to transport socket matches only for other cluster types).
   */
  readonly passthroughMtls?: boolean;
}

const tlsSocket = (ctx: UpstreamTlsContext): TransportSocket =>
  TransportSocket.create({
    name: "envoy.transport_sockets.tls",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(UpstreamTlsContext, ctx) },
  });

/** cluster_tls.go `defaultUpstreamCommonTLSContext`: TLS 1.2 to 1.3. */
const commonTls = (): CommonTlsContext =>
  CommonTlsContext.create({
    tlsParams: TlsParameters.create({
      tlsMinimumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_2,
      tlsMaximumProtocolVersion: TlsParameters_TlsProtocol.TLSv1_3,
    }),
  });

/** ISTIO_MUTUAL: SDS `default` cert, `ROOTCA` validation, SANs, ALPN with metadata exchange (`util.ALPNInMeshWithMxc`). */
function istioMutual(tls: ClientTLSSettings | undefined, inputs: TlsInputs): UpstreamTlsContext {
  const common = commonTls();
  common.tlsCertificateSdsSecretConfigs = [sdsSecretConfig("default")];
  const sans =
    tls?.subjectAltNames !== undefined && tls.subjectAltNames.length > 0 ? tls.subjectAltNames : inputs.serviceAccounts;
  common.validationContextType = {
    oneofKind: "combinedValidationContext",
    combinedValidationContext: {
      defaultValidationContext: CertificateValidationContext.create({
        matchSubjectAltNames: sans.map((exact) => stringMatcher({ exact })),
      }),
      validationContextSdsSecretConfig: sdsSecretConfig("ROOTCA"),
    },
  };
  common.alpnProtocols = inputs.http2 ? ["istio-peer-exchange", "istio", "h2"] : ["istio-peer-exchange", "istio"];
  return UpstreamTlsContext.create({
    commonTlsContext: common,
    sni: tls?.sni !== undefined && tls.sni !== "" ? tls.sni : inputs.sni,
  });
}

/** SIMPLE / MUTUAL with the user's certificates (files through SDS `file-cert:` / `file-root:`, or credentialName). */
function userTls(tls: ClientTLSSettings, inputs: TlsInputs): UpstreamTlsContext | undefined {
  // cluster_tls.go buildUpstreamClusterTLSContext: `tls.CredentialName != "" && cb.sidecarProxy() && !isDrWithSelector`
  // → no TLS context for SIMPLE/MUTUAL (the sidecar sends plaintext); gateways fetch the credential.
  if (tls.credentialName !== undefined && !inputs.router && !inputs.drWithSelector) return undefined;
  const common = commonTls();
  const sans = (tls.subjectAltNames ?? []).map((exact) => stringMatcher({ exact }));
  if (tls.credentialName !== undefined) {
    if (tls.mode === "MUTUAL")
      common.tlsCertificateSdsSecretConfigs = [adsSecretConfig(`kubernetes://${tls.credentialName}`)];
    common.validationContextType = {
      oneofKind: "combinedValidationContext",
      combinedValidationContext: {
        defaultValidationContext: CertificateValidationContext.create({ matchSubjectAltNames: sans }),
        validationContextSdsSecretConfig: adsSecretConfig(`kubernetes://${tls.credentialName}-cacert`),
      },
    };
  } else {
    if (tls.mode === "MUTUAL" && tls.clientCertificate !== undefined && tls.privateKey !== undefined) {
      common.tlsCertificateSdsSecretConfigs = [sdsSecretConfig(`file-cert:${tls.clientCertificate}~${tls.privateKey}`)];
    }
    if (tls.insecureSkipVerify !== true) {
      common.validationContextType = {
        oneofKind: "combinedValidationContext",
        combinedValidationContext: {
          defaultValidationContext: CertificateValidationContext.create({ matchSubjectAltNames: sans }),
          validationContextSdsSecretConfig: sdsSecretConfig(`file-root:${tls.caCertificates ?? "system"}`),
        },
      };
    }
  }
  if (inputs.http2) common.alpnProtocols = ["h2"];
  return UpstreamTlsContext.create({ commonTlsContext: common, sni: tls.sni ?? "" });
}

/**
 * Sets the cluster's transport socket. DR `tls` wins: DISABLE → plaintext, ISTIO_MUTUAL → `transport_socket`
 * (always mTLS), SIMPLE/MUTUAL → the user's TLS. No DR tls and auto mTLS on (not MESH_EXTERNAL, service mode not
 * DISABLE) → `transport_socket_matches`: `tlsMode-istio` (endpoints with metadata `tlsMode: istio`) gets mTLS,
 * `tlsMode-disabled` plaintext; on a headless Service's ORIGINAL_DST cluster, mTLS as the `transport_socket`.
 */
export function applyUpstreamTls(c: Cluster, inputs: TlsInputs): void {
  const tls = inputs.tls;
  const mode = tls?.mode;
  if (mode === "DISABLE") return;
  if (mode === "ISTIO_MUTUAL") {
    c.transportSocket = tlsSocket(istioMutual(tls, inputs));
    return;
  }
  if (mode === "SIMPLE" || mode === "MUTUAL") {
    const ctx = userTls(tls!, inputs);
    if (ctx !== undefined) c.transportSocket = tlsSocket(ctx);
    return;
  }
  const originalDst =
    c.clusterDiscoveryType.oneofKind === "type" && c.clusterDiscoveryType.type === Cluster_DiscoveryType.ORIGINAL_DST;
  if (!inputs.autoMtls || inputs.meshExternal || inputs.serviceMtlsDisabled) return;
  // "For headless service, discovery type will be `Cluster_ORIGINAL_DST`. Apply auto mtls to clusters excluding these
  // kind of headless services": the auto-detected ISTIO_MUTUAL context stays the cluster's transport socket. (A
  // `resolution: NONE` ServiceEntry's ORIGINAL_DST cluster keeps meshc's former plaintext, its endpoints' tls modes
  // not being modelled.)
  if (originalDst) {
    if (inputs.passthroughMtls === true) c.transportSocket = tlsSocket(istioMutual(tls, inputs));
    return;
  }
  c.transportSocketMatches = [
    Cluster_TransportSocketMatch.create({
      name: "tlsMode-istio",
      match: toStruct({ tlsMode: "istio" }),
      transportSocket: tlsSocket(istioMutual(tls, inputs)),
    }),
    Cluster_TransportSocketMatch.create({
      name: "tlsMode-disabled",
      match: toStruct({}),
      transportSocket: TransportSocket.create({
        name: "envoy.transport_sockets.raw_buffer",
        configType: { oneofKind: "typedConfig", typedConfig: packAny(RawBuffer, RawBuffer.create()) },
      }),
    }),
  ];
}
